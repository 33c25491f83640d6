package org.afterimage.crawler.politeness;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;

/**
 * Hosts and accounts whose owners asked not to be archived. Never fetched, never published. Hosts match their
 * subdomains too; accounts are written {@code platform:account} ({@code telegram:durov}, {@code reddit:someuser})
 * and match a post key {@code platform:account/…} or a post whose author is that account (case-insensitive).
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
        String host = uri.getHost();
        if (host == null) return false;
        host = host.toLowerCase(Locale.ROOT);
        for (String h : hosts) if (host.equals(h) || host.endsWith("." + h)) return true;
        return false;
    }

    public boolean blocksKey(PostKey key) {
        String k = key.toString().toLowerCase(Locale.ROOT);
        for (String a : accounts) if (k.equals(a) || k.startsWith(a + "/")) return true;
        return false;
    }

    public boolean blocksAuthor(Platform platform, String author) {
        if (author == null) return false;
        String a = (platform.id() + ":" + author.strip()).toLowerCase(Locale.ROOT);
        return accounts.contains(a) || accounts.contains(a.replace(":@", ":"));
    }

    /** A watched source ({@code durov}, a subreddit, an account id) of {@code platform}. */
    public boolean blocksSource(Platform platform, String source) {
        return blocksAuthor(platform, source);
    }
}
