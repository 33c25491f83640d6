package org.afterimage.model;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * How an opt-out or a redaction recognises an account or a host: one rule for the crawler (never fetched, never
 * published) and the indexer (never indexed), so a person who opted out is recognised the same way on both sides.
 * Accounts are written {@code platform:account}, lower case, without a leading {@code @}; they match a post whose
 * author is the account and any post key {@code platform:account/…} (channel posts are keyed by their channel).
 * Hosts match themselves and their subdomains.
 */
public final class PrivacyMatch {
    private PrivacyMatch() {
    }

    /** {@code platform:account} of an author as the archive stores it: lower case, no {@code @}. */
    public static String account(String platformId, String author) {
        String a = author.strip().toLowerCase(Locale.ROOT);
        return platformId.toLowerCase(Locale.ROOT) + ":" + (a.startsWith("@") ? a.substring(1) : a);
    }

    /** The key itself or its {@code platform:account} part is one of {@code accounts} (lower-case forms). */
    public static boolean keyMatches(String key, Set<String> accounts) {
        if (key == null || accounts.isEmpty()) return false;
        String k = key.toLowerCase(Locale.ROOT);
        if (accounts.contains(k)) return true;
        int colon = k.indexOf(':');
        int slash = colon > 0 ? k.indexOf('/', colon + 1) : -1;
        return slash > colon + 1 && accounts.contains(k.substring(0, slash));
    }

    /** The author (of a post on {@code platformId}) is one of {@code accounts}. */
    public static boolean authorMatches(String platformId, String author, Set<String> accounts) {
        return author != null && !author.isBlank() && accounts.contains(account(platformId, author));
    }

    /** The host of {@code url}, lower case, or null when the URL has none or does not parse. */
    public static String hostOf(String url) {
        try {
            String h = URI.create(url.strip()).getHost();
            return h == null ? null : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code host} (lower case) is one of {@code hosts} or a subdomain of one. */
    public static boolean hostMatches(String host, Set<String> hosts) {
        if (host == null) return false;
        for (String h : hosts) if (host.equals(h) || host.endsWith("." + h)) return true;
        return false;
    }
}
