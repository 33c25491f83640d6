package org.afterimage.crawler.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * What one fetch may cost.
 *
 * @param connectTimeout    TCP + TLS set-up
 * @param totalTimeout      from sending the request to the last body byte: a slow-drip server is cut off here
 * @param maxBodyBytes      largest body kept, before and after decompression (a gzip bomb stops at this size)
 * @param maxRedirects      hops followed before giving up with {@code REDIRECT_LOOP}
 * @param userAgent         names the project and a contact URL, so site owners can reach us
 */
public record FetchLimits(Duration connectTimeout, Duration totalTimeout, long maxBodyBytes, int maxRedirects, String userAgent) {
    public FetchLimits {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
        if (maxBodyBytes < 1) throw new IllegalArgumentException("maxBodyBytes must be positive");
        if (maxRedirects < 0) throw new IllegalArgumentException("maxRedirects must be >= 0");
        if (userAgent == null || userAgent.isBlank()) throw new IllegalArgumentException("userAgent is required");
    }
}
