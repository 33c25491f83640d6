package org.afterimage.search.privacy;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.afterimage.model.PrivacyMatch;
import org.afterimage.model.Redaction;

/**
 * An immutable snapshot of what is redacted, answering for one record (key, author, URL) whether it must not be
 * indexed. Matching is {@link PrivacyMatch}'s, as for the crawler's opt-out list, so an opted-out account or host is
 * recognised the same way on both sides:
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
            if (colon > 0 && PrivacyMatch.authorMatches(key.substring(0, colon), author, authors)) return Match.AUTHOR;
            if (PrivacyMatch.keyMatches(key, authors)) return Match.AUTHOR;
        }
        if (!hosts.isEmpty() && url != null && PrivacyMatch.hostMatches(PrivacyMatch.hostOf(url), hosts)) return Match.HOST;
        return Match.NONE;
    }
}
