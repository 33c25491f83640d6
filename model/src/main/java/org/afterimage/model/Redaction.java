package org.afterimage.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One redaction: the value of the compacted {@code <ns>.redactions} topic, keyed by {@link #target()}. The topic is
 * both the durable list every indexer filters against (a replay of the other topics cannot bring a redacted post
 * back) and the audit log of who redacted what, why and when. There is no un-redaction: a record is never replaced.
 *
 * <p>Exactly one of {@code key}, {@code author} ({@code platform:account}) and {@code host} is set.
 *
 * @param by            who asked: {@code key:<api key id>(<name>)} for an admin, {@code system:opt-out} /
 *                      {@code system:retention} for the automatic duties
 * @param via           for a post redacted because its author or host was: that target ({@code author:telegram:x});
 *                      empty otherwise
 * @param withheldWarcs the WARC records of the post's captures, in fetch order, kept so an admin can still read
 *                      them once the captures index forgets the post (empty for author and host redactions)
 */
public record Redaction(PostKey key, String author, String host, String reason, String by, Instant at, String via,
                        List<WarcRef> withheldWarcs) {
    /** Longest reason kept; a reason is a sentence, not a document. */
    public static final int MAX_REASON = 1000;

    public Redaction {
        int set = (key != null ? 1 : 0) + (author != null ? 1 : 0) + (host != null ? 1 : 0);
        if (set != 1) throw new IllegalArgumentException("a redaction names exactly one of key, author, host");
        if (author != null) author = normaliseAuthor(author);
        if (host != null) host = normaliseHost(host);
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank() || reason.length() > MAX_REASON) throw new IllegalArgumentException("reason must be 1 to " + MAX_REASON + " characters");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        via = Objects.requireNonNullElse(via, "");
        withheldWarcs = withheldWarcs == null ? List.of() : List.copyOf(withheldWarcs);
    }

    public static Redaction ofKey(PostKey key, String reason, String by, Instant at, String via, List<WarcRef> warcs) {
        return new Redaction(key, null, null, reason, by, at, via, warcs);
    }

    public static Redaction ofAuthor(String author, String reason, String by, Instant at) {
        return new Redaction(null, author, null, reason, by, at, "", List.of());
    }

    public static Redaction ofHost(String host, String reason, String by, Instant at) {
        return new Redaction(null, null, host, reason, by, at, "", List.of());
    }

    /** The topic key: {@code key:<platform:postId>}, {@code author:<platform:account>} or {@code host:<host>}. */
    public String target() {
        if (key != null) return "key:" + key;
        if (author != null) return "author:" + author;
        return "host:" + host;
    }

    /** {@code platform:account}, lower case, without a leading {@code @} on the account. */
    public static String normaliseAuthor(String a) {
        String s = a.strip().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        if (colon <= 0 || colon == s.length() - 1) throw new IllegalArgumentException("author must be platform:account, got '" + abbreviate(a) + "'");
        Platform.of(s.substring(0, colon));
        String account = s.substring(colon + 1);
        if (account.startsWith("@")) account = account.substring(1);
        if (account.isEmpty() || account.length() > PostKey.MAX_ID_LENGTH) throw new IllegalArgumentException("bad account in '" + abbreviate(a) + "'");
        for (int i = 0; i < account.length(); i++) {
            if (Character.isISOControl(account.charAt(i)) || Character.isWhitespace(account.charAt(i))) {
                throw new IllegalArgumentException("account contains whitespace or a control character");
            }
        }
        return s.substring(0, colon) + ":" + account;
    }

    /** A host name, lower case; no scheme, port, path or wildcard. */
    public static String normaliseHost(String h) {
        String s = h.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith(".")) s = s.substring(1);
        if (s.isEmpty() || s.length() > 253 || !s.matches("[a-z0-9.-]+")) throw new IllegalArgumentException("bad host '" + abbreviate(h) + "'");
        return s;
    }

    private static String abbreviate(String s) {
        return PostKey.abbreviate(s);
    }
}
