package org.afterimage.search.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.InstantSource;
import org.afterimage.search.SearchConfig;

/**
 * Token buckets per principal (key id, or client address when anonymous), refilled continuously at
 * {@code perMinute}, holding at most {@code burst}. Time is injected, so tests never sleep. Buckets of idle
 * principals expire; the number kept is bounded.
 */
public final class RateLimiter {
    private final InstantSource clock;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(30)).maximumSize(200_000).build();

    /** Allowed, or refused with the seconds until a token is there. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
    }

    public RateLimiter(InstantSource clock) {
        this.clock = clock;
    }

    public Decision acquire(String principal, SearchConfig.Limit limit) {
        Bucket b = buckets.get(principal, k -> new Bucket(limit.burst(), clock.millis()));
        synchronized (b) {
            long now = clock.millis();
            double perMs = limit.perMinute() / 60_000.0;
            b.tokens = Math.min(limit.burst(), b.tokens + (now - b.at) * perMs);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return new Decision(true, 0);
            }
            long waitMs = (long) Math.ceil((1 - b.tokens) / perMs);
            return new Decision(false, Math.max(1, (waitMs + 999) / 1000));
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
