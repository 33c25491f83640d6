package org.afterimage.crawler.politeness;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.afterimage.crawler.fetch.FetchResult;
import org.afterimage.crawler.fetch.Fetcher;
import org.afterimage.crawler.fetch.HopGuard;
import org.afterimage.crawler.fetch.HttpFetcher;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.UnreachableCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polite way to fetch: opt-out list, then robots.txt (every hop, redirects included), then the host's circuit
 * breaker and rate limiter (its interval, or robots' Crawl-delay when longer, capped), then the request. Transient
 * failures (connection, timeout, 429, 5xx) are retried with jittered exponential backoff, waiting at least as long
 * as {@code Retry-After}; nothing else is retried, and a {@code Retry-After} beyond the cap ends the retries so the
 * caller can reschedule.
 */
public final class PoliteFetcher implements Fetcher {
    private static final Logger log = LoggerFactory.getLogger(PoliteFetcher.class);

    private final HttpFetcher http;
    private final PolitenessSettings settings;
    private final OptOutList optOut;
    private final RobotsCache robots;
    private final InstantSource clock;
    private final Cache<String, Host> hosts;

    private record Host(RateLimiter limiter, CircuitBreaker breaker, Retry retry) {
    }

    public PoliteFetcher(HttpFetcher http, PolitenessSettings settings, OptOutList optOut, InstantSource clock) {
        this(http, settings, optOut, clock, Ticker.systemTicker());
    }

    PoliteFetcher(HttpFetcher http, PolitenessSettings settings, OptOutList optOut, InstantSource clock, Ticker ticker) {
        this.http = http;
        this.settings = settings;
        this.optOut = optOut;
        this.clock = clock;
        this.robots = new RobotsCache(uri -> http.fetch(uri, u -> optOut.blocksHost(u)
                ? Optional.of(new FetchOutcome.Unreachable(UnreachableCause.OPTED_OUT, "host opted out")) : Optional.empty()), settings, ticker);
        this.hosts = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(6)).ticker(ticker).build();
    }

    /** Checked before every hop: the opt-out list and robots.txt. */
    private Optional<FetchOutcome.Unreachable> allowed(URI uri) {
        if (uri.getHost() == null) return Optional.of(new FetchOutcome.Unreachable(UnreachableCause.OTHER, "URL without a host"));
        if (optOut.blocksHost(uri)) return Optional.of(new FetchOutcome.Unreachable(UnreachableCause.OPTED_OUT, "host " + uri.getHost() + " opted out"));
        RobotsCache.Entry e = robots.rules(uri);
        if (!e.rules().isAllowed(uri.toString())) {
            return Optional.of(new FetchOutcome.Unreachable(UnreachableCause.ROBOTS_DISALLOWED,
                    e.error() ? "robots.txt of " + uri.getHost() + " unreachable: treated as disallow all" : "robots.txt disallows " + uri.getPath()));
        }
        return Optional.empty();
    }

    @Override
    public FetchResult fetch(URI uri) {
        Optional<FetchOutcome.Unreachable> refused = allowed(uri);
        if (refused.isPresent()) return new FetchResult.Failed(refused.get());
        String hostName = uri.getHost().toLowerCase(Locale.ROOT);
        Host host = hosts.get(hostName, h -> newHost(h, uri));
        HopGuard guard = this::allowed;
        return host.retry().executeSupplier(() -> attempt(host, hostName, uri, guard));
    }

    private FetchResult attempt(Host host, String hostName, URI uri, HopGuard guard) {
        if (!host.breaker().tryAcquirePermission()) {
            return new FetchResult.Failed(new FetchOutcome.Unreachable(UnreachableCause.CIRCUIT_OPEN,
                    "circuit open for " + hostName + " after repeated failures"));
        }
        if (host.limiter() != null && !host.limiter().acquirePermission()) {
            host.breaker().releasePermission();
            return new FetchResult.Failed(new FetchOutcome.Unreachable(UnreachableCause.RATE_LIMITED,
                    "local politeness queue for " + hostName + " longer than " + settings.maxQueueWait()));
        }
        long start = System.nanoTime();
        FetchResult r = http.fetch(uri, guard);
        long took = System.nanoTime() - start;
        if (isTransient(r)) {
            host.breaker().onError(took, TimeUnit.NANOSECONDS, new TransientFailure(describe(r)));
            log.debug("transient failure on {}: {}", hostName, describe(r));
        } else {
            host.breaker().onSuccess(took, TimeUnit.NANOSECONDS);
        }
        return r;
    }

    private Host newHost(String hostName, URI uri) {
        Duration interval = settings.intervalFor(hostName);
        Duration crawlDelay = robots.crawlDelay(robots.rules(uri));
        if (crawlDelay.compareTo(interval) > 0) interval = crawlDelay;
        RateLimiter limiter = interval.isZero() ? null : RateLimiter.of("host-" + hostName, RateLimiterConfig.custom()
                .limitForPeriod(1).limitRefreshPeriod(interval).timeoutDuration(settings.maxQueueWait()).build());
        CircuitBreaker breaker = CircuitBreaker.of("host-" + hostName, CircuitBreakerConfig.custom()
                .slidingWindowSize(settings.breakerWindow()).minimumNumberOfCalls(settings.breakerWindow())
                .failureRateThreshold(settings.breakerFailureRate()).waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1).build());
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(settings.retryInitial(), 2.0, 0.5);
        Retry retry = Retry.of("host-" + hostName, RetryConfig.<FetchResult>custom()
                .maxAttempts(settings.retryAttempts())
                .retryOnResult(r -> isTransient(r) && retryAfter(r).map(d -> d.compareTo(settings.maxRetryAfter()) <= 0).orElse(true))
                .intervalBiFunction((IntervalBiFunction<FetchResult>) (attempt, either) -> {
                    long ms = backoff.apply(attempt);
                    if (either != null && either.isRight()) {
                        ms = Math.max(ms, retryAfter(either.get()).map(Duration::toMillis).orElse(0L));
                    }
                    return ms;
                })
                .build());
        return new Host(limiter, breaker, retry);
    }

    /** Worth retrying: the network or the server's trouble, not ours and not the post's. */
    static boolean isTransient(FetchResult r) {
        return switch (r) {
            case FetchResult.Failed f -> f.unreachable().cause() == UnreachableCause.TIMEOUT || f.unreachable().cause() == UnreachableCause.CONNECTION;
            case FetchResult.Completed c -> c.exchange().response().status() == 429 || c.exchange().response().status() >= 500;
        };
    }

    private Optional<Duration> retryAfter(FetchResult r) {
        return r instanceof FetchResult.Completed c ? c.exchange().response().retryAfter(Instant.from(clock.instant())) : Optional.empty();
    }

    private static String describe(FetchResult r) {
        return switch (r) {
            case FetchResult.Failed f -> f.unreachable().cause() + " " + f.unreachable().detail();
            case FetchResult.Completed c -> "HTTP " + c.exchange().response().status();
        };
    }

    /** Recorded by the breaker; never thrown. */
    static final class TransientFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransientFailure(String message) {
            super(message, null, false, false);
        }
    }
}
