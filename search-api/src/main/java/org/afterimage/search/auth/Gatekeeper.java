package org.afterimage.search.auth;

import java.util.Optional;
import org.afterimage.search.SearchConfig;

/**
 * Decides, for a presented key (or none) and a required permission, who the caller is, or refuses: 401 for a
 * missing/unknown/revoked key, 403 for a role without the permission, 429 past the rate limit. An unknown key is
 * refused even where anonymous reading is allowed: a client with a broken key must find out.
 */
public final class Gatekeeper {
    private final KeyStore keys;
    private final RateLimiter limiter;
    private final SearchConfig.Auth config;

    public Gatekeeper(KeyStore keys, RateLimiter limiter, SearchConfig.Auth config) {
        this.keys = keys;
        this.limiter = limiter;
        this.config = config;
    }

    public Principal admit(Optional<String> presentedKey, String clientAddress, Optional<Role.Permission> needed) {
        Principal p;
        if (presentedKey.isPresent()) {
            ApiKey k = keys.authenticate(presentedKey.get())
                    .orElseThrow(() -> new AuthException(AuthException.Kind.UNAUTHENTICATED, "unknown or revoked API key", 0));
            p = new Principal(k.id(), k.role(), false);
        } else {
            p = Principal.anonymous(clientAddress);
            boolean ok = needed.isEmpty() || (config.anonymousRead() && needed.get() == Role.Permission.READ);
            if (!ok) throw new AuthException(AuthException.Kind.UNAUTHENTICATED,
                    "an API key is required (Authorization: Bearer <key> or X-API-Key)", 0);
        }
        if (needed.isPresent() && !p.role().allows(needed.get())) {
            throw new AuthException(AuthException.Kind.FORBIDDEN,
                    "role " + p.role().id() + " may not " + needed.get().name().toLowerCase(java.util.Locale.ROOT), 0);
        }
        SearchConfig.Limit limit = p.anonymous() ? config.rateLimits().anonymous() : switch (p.role()) {
            case READER -> config.rateLimits().reader();
            case SUBSCRIBER -> config.rateLimits().subscriber();
            case EXPORTER -> config.rateLimits().exporter();
            case ADMIN -> config.rateLimits().admin();
        };
        RateLimiter.Decision d = limiter.acquire(p.id(), limit);
        if (!d.allowed()) {
            throw new AuthException(AuthException.Kind.RATE_LIMITED,
                    "rate limit of " + limit.perMinute() + " requests/minute exceeded; retry in " + d.retryAfterSeconds() + " s",
                    d.retryAfterSeconds());
        }
        return p;
    }
}
