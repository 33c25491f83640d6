package org.afterimage.crawler.politeness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.afterimage.crawler.fetch.FetchLimits;
import org.afterimage.crawler.fetch.FetchResult;
import org.afterimage.crawler.fetch.HttpFetcher;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.parse.UnparseableException;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.UnreachableCause;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every hostile behaviour gives the right Unreachable cause or a clear error: never a false Gone, a hang or an OOM. */
@Timeout(60)
class HostileServerTest {
    static HostileServer server;
    static HttpFetcher http;
    static PoliteFetcher polite;
    static final Adapter telegram = Adapters.of(Platform.TELEGRAM);

    static PolitenessSettings settings() {
        return new PolitenessSettings(Duration.ZERO, Map.of(), Duration.ofSeconds(10), Duration.ofHours(24), Duration.ofMinutes(10),
                3, Duration.ofMillis(10), Duration.ofSeconds(5), 4, 100f, Duration.ofMinutes(5), Duration.ofSeconds(30), "afterimage");
    }

    @BeforeAll
    static void start() throws Exception {
        server = new HostileServer();
        http = new HttpFetcher(new FetchLimits(Duration.ofSeconds(3), Duration.ofSeconds(3), 1 << 20, 5,
                "afterimage/0.1 (+https://afterimage.example/contact)"), InstantSource.system());
    }

    /** A fresh fetcher per test: one test's failures must not open the next one's circuit. */
    @BeforeEach
    void fresh() {
        polite = new PoliteFetcher(http, settings(), new OptOutList(Set.of("localhost"), Set.of("telegram:optedout")), InstantSource.system());
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    static FetchOutcome.Unreachable failed(FetchResult r) {
        assertThat(r).isInstanceOf(FetchResult.Failed.class);
        return ((FetchResult.Failed) r).unreachable();
    }

    static Response completed(FetchResult r) {
        assertThat(r).isInstanceOf(FetchResult.Completed.class);
        return ((FetchResult.Completed) r).exchange().response();
    }

    /** What the crawler would record for the post at /t/durov/1 (keyed from a telegram-shaped URL). */
    static List<ParsedPost> observe(Response r) throws UnparseableException {
        return telegram.parse(new Response("https://t.me/durov/1", r.status(), r.headers(), r.body(), r.charset()));
    }

    @Test
    void aNormalPageIsPresentAndTheUserAgentNamesUs() throws Exception {
        List<ParsedPost> posts = observe(completed(polite.fetch(server.uri("/ok"))));
        assertThat(posts).singleElement().satisfies(p -> {
            assertThat(p.outcome()).isInstanceOf(FetchOutcome.Present.class);
            assertThat(p.text()).isEqualTo("Привет, мир");
        });
        assertThat(completed(polite.fetch(server.uri("/ua"))).text()).isEqualTo("afterimage/0.1 (+https://afterimage.example/contact)");
    }

    @Test
    void slowDripTimesOut() {
        assertThat(failed(polite.fetch(server.uri("/slow"))).cause()).isEqualTo(UnreachableCause.TIMEOUT);
    }

    @Test
    void stalledBodyTimesOut() {
        assertThat(failed(http.fetch(server.uri("/stall"))).cause()).isEqualTo(UnreachableCause.TIMEOUT);
    }

    @Test
    void hugeBodyIsTooLargeWithoutBeingRead() {
        assertThat(failed(polite.fetch(server.uri("/huge"))).cause()).isEqualTo(UnreachableCause.TOO_LARGE);
    }

    @Test
    void gzipBombIsTooLarge() {
        assertThat(failed(polite.fetch(server.uri("/gzip-bomb"))).cause()).isEqualTo(UnreachableCause.TOO_LARGE);
    }

    @Test
    void gzipIsDecodedAndBrokenGzipIsUnparseable() throws Exception {
        assertThat(observe(completed(polite.fetch(server.uri("/gzip")))).get(0).text()).isEqualTo("Привет, мир");
        assertThat(failed(polite.fetch(server.uri("/bad-gzip"))).cause()).isEqualTo(UnreachableCause.UNPARSEABLE);
    }

    @Test
    void redirectLoopIsDetected() {
        FetchOutcome.Unreachable u = failed(polite.fetch(server.uri("/loop-a")));
        assertThat(u.cause()).isEqualTo(UnreachableCause.REDIRECT_LOOP);
        assertThat(server.hits("/loop-a")).isEqualTo(1);
    }

    @Test
    void rateLimitIsRetriedThenReportedAsRateLimited() throws Exception {
        Response r = completed(polite.fetch(server.uri("/429")));
        assertThat(server.hits("/429")).isEqualTo(3);   // retryAttempts
        assertThat(observe(r).get(0).outcome()).isInstanceOfSatisfying(FetchOutcome.Unreachable.class,
                u -> assertThat(u.cause()).isEqualTo(UnreachableCause.RATE_LIMITED));
    }

    @Test
    void retryAfterBeyondTheCapIsNotWaitedFor() throws Exception {
        Response r = completed(polite.fetch(server.uri("/429-long")));
        assertThat(server.hits("/429-long")).isEqualTo(1);
        assertThat(((FetchOutcome.Unreachable) observe(r).get(0).outcome()).retryAfter()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void serverErrorsAreRetriedAndNeverGone() throws Exception {
        Response r = completed(polite.fetch(server.uri("/500")));
        assertThat(server.hits("/500")).isEqualTo(3);
        assertThat(observe(r).get(0).outcome()).isInstanceOfSatisfying(FetchOutcome.Unreachable.class,
                u -> assertThat(u.cause()).isEqualTo(UnreachableCause.SERVER_ERROR));
    }

    @Test
    void wrongOrMissingCharsetStillReadsTheText() throws Exception {
        assertThat(observe(completed(polite.fetch(server.uri("/wrong-charset")))).get(0).text()).isEqualTo("Привет, мир");
        assertThat(observe(completed(polite.fetch(server.uri("/no-charset")))).get(0).text()).isEqualTo("你好，世界");
    }

    @Test
    void invalidHtmlIsAClearErrorNotARemoval() {
        Response r = completed(polite.fetch(server.uri("/invalid-html")));
        assertThatThrownBy(() -> observe(r)).isInstanceOf(UnparseableException.class);
    }

    @Test
    void loginWallIsUnreachable() throws Exception {
        assertThat(observe(completed(polite.fetch(server.uri("/login")))).get(0).outcome())
                .isInstanceOfSatisfying(FetchOutcome.Unreachable.class, u -> assertThat(u.cause()).isEqualTo(UnreachableCause.LOGIN_WALL));
    }

    @Test
    void robotsDisallowIsHonouredEvenThroughARedirect() {
        assertThat(failed(polite.fetch(server.uri("/private/secret"))).cause()).isEqualTo(UnreachableCause.ROBOTS_DISALLOWED);
        assertThat(failed(polite.fetch(server.uri("/to-private"))).cause()).isEqualTo(UnreachableCause.ROBOTS_DISALLOWED);
        assertThat(server.hits("/private/secret")).isZero();
    }

    @Test
    void optedOutHostsAreNeverFetched() {
        assertThat(failed(polite.fetch(java.net.URI.create("http://localhost:" + server.port() + "/ok"))).cause()).isEqualTo(UnreachableCause.OPTED_OUT);
        assertThat(failed(polite.fetch(server.uri("/to-optout"))).cause()).isEqualTo(UnreachableCause.OPTED_OUT);
    }

    @Test
    void aDeadHostOpensItsCircuit() {
        PoliteFetcher own = new PoliteFetcher(http, settings(), OptOutList.EMPTY, InstantSource.system());
        // two fetches x three attempts of 500s fill the window of 4 with failures
        own.fetch(server.uri("/dead/1"));
        own.fetch(server.uri("/dead/2"));
        int before = server.hits("/dead/3");
        assertThat(failed(own.fetch(server.uri("/dead/3"))).cause()).isEqualTo(UnreachableCause.CIRCUIT_OPEN);
        assertThat(server.hits("/dead/3")).isEqualTo(before);
    }

    @Test
    void notFoundIsOnlyEverNotFound() throws Exception {
        assertThat(observe(completed(polite.fetch(server.uri("/404")))).get(0).outcome())
                .isInstanceOfSatisfying(FetchOutcome.Gone.class, g -> assertThat(g.reason()).isEqualTo(org.afterimage.model.RemovalReason.NOT_FOUND));
    }

    @Test
    void unreachableHostIsConnectionFailure() {
        HttpFetcher h = new HttpFetcher(new FetchLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 1024, 3, "afterimage"), InstantSource.system());
        try (h) {
            assertThat(failed(h.fetch(java.net.URI.create("http://127.0.0.1:1/x"))).cause()).isEqualTo(UnreachableCause.CONNECTION);
            assertThat(failed(h.fetch(java.net.URI.create("ftp://127.0.0.1/x"))).cause()).isEqualTo(UnreachableCause.OTHER);
        }
    }
}
