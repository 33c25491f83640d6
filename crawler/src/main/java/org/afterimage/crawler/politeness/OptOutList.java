package org.afterimage.crawler.politeness;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.PrivacyMatch;

/**
 * Hosts and accounts whose owners asked not to be archived. Never fetched, never published. Accounts are written
 * {@code platform:account} ({@code telegram:durov}, {@code reddit:someuser}); matching is {@link PrivacyMatch}'s, the
 * same as the indexer's redactions: hosts with their subdomains, accounts as a post's author or its key's
 * {@code platform:account/…} part, case-insensitive.
 */
public record OptOutList(Set<String> hosts, Set<String> accounts) {
    public static final OptOutList EMPTY = new OptOutList(Set.of(), Set.of());

    public OptOutList {
        hosts = hosts == null ? Set.of() : hosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
        accounts = accounts == null ? Set.of() : accounts.stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).filter(a -> !a.isEmpty()).collect(Collectors.toUnmodifiableSet());
        for (String a : accounts) {
            int colon = a.indexOf(':');
            if (colon <= 0 || colon == a.length() - 1) throw new IllegalArgumentException("optOut.accounts entry '" + a + "' must be platform:account");
            Platform.of(a.substring(0, colon));
        }
    }

    public boolean blocksHost(URI uri) {
        return uri.getHost() != null && PrivacyMatch.hostMatches(uri.getHost().toLowerCase(Locale.ROOT), hosts);
    }

    public boolean blocksKey(PostKey key) {
        return PrivacyMatch.keyMatches(key.toString(), accounts);
    }

    public boolean blocksAuthor(Platform platform, String author) {
        return PrivacyMatch.authorMatches(platform.id(), author, accounts);
    }

    /** A watched source ({@code durov}, a subreddit, an account id) of {@code platform}. */
    public boolean blocksSource(Platform platform, String source) {
        return blocksAuthor(platform, source);
    }
}
