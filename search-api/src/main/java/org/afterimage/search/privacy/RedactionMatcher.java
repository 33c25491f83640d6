package org.afterimage.search.privacy;

import java.net.URI;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.afterimage.model.Redaction;

/**
 * An immutable snapshot of what is redacted, answering for one record (key, author, URL) whether it must not be
 * indexed. Matching follows the crawler's {@code OptOutList}, so an opted-out account or host is recognised the
 * same way on both sides:
 * <ul>
 * <li>a key redaction matches that post key exactly;</li>
 * <li>an author redaction {@code platform:account} matches a record of that platform whose author is the account
 *     (case-insensitive, with or without a leading {@code @}), and any key {@code platform:account/…} (channel
 *     posts are keyed by their channel);</li>
 * <li>a host redaction matches the host of the record's URL and its subdomains.</li>
 * </ul>
 */
final class RedactionMatcher {
    /** Why a record matched (NONE: it did not). */
    enum Match { NONE, KEY, AUTHOR, HOST }

    static final RedactionMatcher EMPTY = new RedactionMatcher(Set.of(), Set.of(), Set.of());

    private final Set<String> keys;
    private final Set<String> authors;
    private final Set<String> hosts;

    private RedactionMatcher(Set<String> keys, Set<String> authors, Set<String> hosts) {
        this.keys = keys;
        this.authors = authors;
        this.hosts = hosts;
    }

    static RedactionMatcher of(Collection<Redaction> redactions) {
        Set<String> k = new HashSet<>();
        Set<String> a = new HashSet<>();
        Set<String> h = new HashSet<>();
        for (Redaction r : redactions) {
            if (r.key() != null) k.add(r.key().toString());
            else if (r.author() != null) a.add(r.author());
            else h.add(r.host());
        }
        return new RedactionMatcher(Set.copyOf(k), Set.copyOf(a), Set.copyOf(h));
    }

    boolean isEmpty() {
        return keys.isEmpty() && authors.isEmpty() && hosts.isEmpty();
    }

    /** Whether a record of post {@code key} (author and URL when known, else null) is redacted, and by what. */
    Match match(String key, String author, String url) {
        if (key == null) return Match.NONE;
        if (keys.contains(key)) return Match.KEY;
        if (!authors.isEmpty()) {
            int colon = key.indexOf(':');
            if (colon > 0) {
                String platform = key.substring(0, colon).toLowerCase(Locale.ROOT);
                if (author != null && !author.isBlank() && authors.contains(platform + ":" + account(author))) return Match.AUTHOR;
                String lower = key.toLowerCase(Locale.ROOT);
                int slash = lower.indexOf('/', colon + 1);
                if (slash > colon + 1 && authors.contains(lower.substring(0, slash))) return Match.AUTHOR;
            }
        }
        if (!hosts.isEmpty() && url != null && hostMatches(hostOf(url), hosts)) return Match.HOST;
        return Match.NONE;
    }

    /** An author as the archive stores it, in the form author redactions are kept in: lower case, no {@code @}. */
    static String account(String author) {
        String a = author.strip().toLowerCase(Locale.ROOT);
        return a.startsWith("@") ? a.substring(1) : a;
    }

    /** The host of {@code url}, lower case, or null when the URL has none or does not parse. */
    static String hostOf(String url) {
        try {
            String h = URI.create(url.strip()).getHost();
            return h == null ? null : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code host} is one of {@code hosts} or a subdomain of one. */
    static boolean hostMatches(String host, Set<String> hosts) {
        if (host == null) return false;
        for (String h : hosts) if (host.equals(h) || host.endsWith("." + h)) return true;
        return false;
    }
}
