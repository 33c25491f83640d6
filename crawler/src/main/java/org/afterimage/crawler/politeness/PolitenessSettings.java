package org.afterimage.crawler.politeness;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Per-host politeness.
 *
 * @param defaultInterval   least time between two requests to one host ({@code 0}: politeness off, benchmarks only)
 * @param hostIntervals     overrides by host name
 * @param maxCrawlDelay     robots.txt Crawl-delay is honoured up to this (a site asking for an hour gets this)
 * @param robotsTtl         how long a fetched robots.txt is trusted
 * @param robotsErrorTtl    how long an unreachable robots.txt (treated as "disallow all") is kept before retrying
 * @param retryAttempts     tries per fetch, first included, for transient failures only
 * @param retryInitial      first backoff; then exponential with jitter
 * @param maxRetryAfter     a {@code Retry-After} longer than this ends the retries: the caller reschedules instead
 * @param breakerFailureRate failure percentage over the last {@code breakerWindow} calls that opens a host's breaker
 * @param breakerOpenFor    how long an open breaker refuses calls
 * @param robotName         the product token matched against robots.txt groups
 */
public record PolitenessSettings(Duration defaultInterval, Map<String, Duration> hostIntervals, Duration maxCrawlDelay,
                                 Duration robotsTtl, Duration robotsErrorTtl, int retryAttempts, Duration retryInitial,
                                 Duration maxRetryAfter, int breakerWindow, float breakerFailureRate, Duration breakerOpenFor,
                                 Duration maxQueueWait, String robotName) {
    public PolitenessSettings {
        Objects.requireNonNull(defaultInterval, "defaultInterval");
        hostIntervals = hostIntervals == null ? Map.of() : Map.copyOf(hostIntervals);
        Objects.requireNonNull(maxCrawlDelay, "maxCrawlDelay");
        Objects.requireNonNull(robotsTtl, "robotsTtl");
        Objects.requireNonNull(robotsErrorTtl, "robotsErrorTtl");
        if (retryAttempts < 1) throw new IllegalArgumentException("retryAttempts must be >= 1");
        Objects.requireNonNull(retryInitial, "retryInitial");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (breakerWindow < 1) throw new IllegalArgumentException("breakerWindow must be >= 1");
        if (!(breakerFailureRate > 0 && breakerFailureRate <= 100)) throw new IllegalArgumentException("breakerFailureRate must be in (0,100]");
        Objects.requireNonNull(breakerOpenFor, "breakerOpenFor");
        Objects.requireNonNull(maxQueueWait, "maxQueueWait");
        if (robotName == null || !robotName.matches("[A-Za-z_-]{1,40}")) throw new IllegalArgumentException("robotName must be a product token, got '" + robotName + "'");
    }

    Duration intervalFor(String host) {
        return hostIntervals.getOrDefault(host, defaultInterval);
    }
}
