package org.afterimage.search.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.afterimage.search.SearchConfig;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final AtomicLong now = new AtomicLong(1_000_000);
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());

    @Test
    void allowsBurstThenRefusesWithRetryAfterThenRefills() {
        RateLimiter r = new RateLimiter(clock);
        SearchConfig.Limit l = new SearchConfig.Limit(60, 3);   // one per second
        for (int i = 0; i < 3; i++) assertThat(r.acquire("k", l).allowed()).isTrue();
        RateLimiter.Decision d = r.acquire("k", l);
        assertThat(d.allowed()).isFalse();
        assertThat(d.retryAfterSeconds()).isEqualTo(1);
        now.addAndGet(1000);
        assertThat(r.acquire("k", l).allowed()).isTrue();
        assertThat(r.acquire("k", l).allowed()).isFalse();
    }

    @Test
    void principalsHaveSeparateBuckets() {
        RateLimiter r = new RateLimiter(clock);
        SearchConfig.Limit l = new SearchConfig.Limit(1, 1);
        assertThat(r.acquire("a", l).allowed()).isTrue();
        assertThat(r.acquire("a", l).allowed()).isFalse();
        assertThat(r.acquire("a", l).retryAfterSeconds()).isEqualTo(60);
        assertThat(r.acquire("b", l).allowed()).isTrue();
    }
}
