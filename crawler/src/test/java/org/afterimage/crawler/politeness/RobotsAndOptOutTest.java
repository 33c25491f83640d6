package org.afterimage.crawler.politeness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.afterimage.crawler.fetch.Exchange;
import org.afterimage.crawler.fetch.FetchResult;
import org.afterimage.crawler.fetch.Fetcher;
import org.afterimage.crawler.parse.Response;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.UnreachableCause;
import org.junit.jupiter.api.Test;

class RobotsAndOptOutTest {
    /** A robots.txt source through the {@link Fetcher} seam, counting how often it is asked. */
    static final class RobotsSource implements Fetcher {
        final AtomicInteger calls = new AtomicInteger();
        volatile FetchResult next;

        @Override
        public FetchResult fetch(URI uri) {
            calls.incrementAndGet();
            return next;
        }

        static FetchResult status(int status, String body) {
            return new FetchResult.Completed(new Exchange(URI.create("http://h/robots.txt"), Instant.EPOCH, "GET", Map.of(), "HTTP/1.1",
                    new Response("http://h/robots.txt", status, Map.of("Content-Type", List.of("text/plain")), body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                    body.getBytes(StandardCharsets.UTF_8)));
        }
    }

    static final AtomicLong NOW = new AtomicLong();

    private static RobotsCache cache(RobotsSource src) {
        return new RobotsCache(src, HostileServerTest.settings(), NOW::get);
    }

    @Test
    void crawlDelayIsHonouredButCapped() {
        RobotsSource src = new RobotsSource();
        src.next = RobotsSource.status(200, "User-agent: *\nCrawl-delay: 3\n");
        RobotsCache c = cache(src);
        assertThat(c.crawlDelay(c.rules(URI.create("http://a.example/x")))).isEqualTo(Duration.ofSeconds(3));
        src.next = RobotsSource.status(200, "User-agent: *\nCrawl-delay: 86400\nDisallow:\n");
        assertThat(c.crawlDelay(c.rules(URI.create("http://b.example/x")))).isEqualTo(Duration.ofSeconds(10));   // maxCrawlDelay
        assertThat(c.rules(URI.create("http://b.example/x")).rules().isAllowed("http://b.example/x")).isTrue();
    }

    @Test
    void ourGroupWinsOverTheWildcard() {
        RobotsSource src = new RobotsSource();
        src.next = RobotsSource.status(200, "User-agent: *\nDisallow:\n\nUser-agent: afterimage\nDisallow: /\n");
        assertThat(cache(src).rules(URI.create("http://c.example/x")).rules().isAllowed("http://c.example/x")).isFalse();
    }

    @Test
    void missingRobotsAllowsAllButAnUnreachableOneDisallowsAllForAShortWhile() {
        RobotsSource src = new RobotsSource();
        src.next = RobotsSource.status(404, "");
        RobotsCache c = cache(src);
        assertThat(c.rules(URI.create("http://d.example/x")).rules().isAllowed("http://d.example/x")).isTrue();

        src.next = RobotsSource.status(503, "");
        RobotsCache.Entry e = c.rules(URI.create("http://e.example/x"));
        assertThat(e.error()).isTrue();
        assertThat(e.rules().isAllowed("http://e.example/x")).isFalse();
        int calls = src.calls.get();
        NOW.addAndGet(Duration.ofMinutes(5).toNanos());
        c.rules(URI.create("http://e.example/y"));
        assertThat(src.calls.get()).isEqualTo(calls);          // still cached
        NOW.addAndGet(Duration.ofMinutes(6).toNanos());        // past the 10-minute error TTL
        src.next = RobotsSource.status(200, "User-agent: *\nDisallow:\n");
        assertThat(c.rules(URI.create("http://e.example/x")).rules().isAllowed("http://e.example/x")).isTrue();
        assertThat(src.calls.get()).isEqualTo(calls + 1);

        src.next = new FetchResult.Failed(new FetchOutcome.Unreachable(UnreachableCause.CONNECTION, "refused"));
        assertThat(c.rules(URI.create("http://f.example/x")).rules().isAllowNone()).isTrue();
    }

    @Test
    void optOutMatchesHostsSubdomainsKeysAndAuthors() {
        OptOutList o = new OptOutList(Set.of("Example.org"), Set.of("telegram:durov", "reddit:someone"));
        assertThat(o.blocksHost(URI.create("https://example.org/x"))).isTrue();
        assertThat(o.blocksHost(URI.create("https://www.example.org/x"))).isTrue();
        assertThat(o.blocksHost(URI.create("https://notexample.org/x"))).isFalse();
        assertThat(o.blocksKey(PostKey.of(Platform.TELEGRAM, "durov/12"))).isTrue();
        assertThat(o.blocksKey(PostKey.of(Platform.TELEGRAM, "durovx/12"))).isFalse();
        assertThat(o.blocksAuthor(Platform.REDDIT, "SomeOne")).isTrue();
        assertThat(o.blocksSource(Platform.TELEGRAM, "durov")).isTrue();
        assertThatThrownBy(() -> new OptOutList(Set.of(), Set.of("durov"))).hasMessageContaining("platform:account");
        assertThatThrownBy(() -> new OptOutList(Set.of(), Set.of("myspace:x"))).hasMessageContaining("myspace");
    }

    @Test
    void retryAfterParsesSecondsAndDatesAndIsCapped() {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        Response r = new Response("", 429, Map.of("Retry-After", List.of("120")), new byte[0], null);
        assertThat(r.retryAfter(now)).contains(Duration.ofMinutes(2));
        Response d = new Response("", 429, Map.of("retry-after", List.of("Mon, 01 Jan 2024 00:05:00 GMT")), new byte[0], null);
        assertThat(d.retryAfter(now)).contains(Duration.ofMinutes(5));
        assertThat(new Response("", 429, Map.of("Retry-After", List.of("99999999")), new byte[0], null).retryAfter(now)).contains(Duration.ofDays(1));
        assertThat(new Response("", 429, Map.of("Retry-After", List.of("soon")), new byte[0], null).retryAfter(now)).isEmpty();
        assertThat(new Response("", 429, Map.of("Retry-After", List.of("-5")), new byte[0], null).retryAfter(now)).contains(Duration.ZERO);
    }
}
