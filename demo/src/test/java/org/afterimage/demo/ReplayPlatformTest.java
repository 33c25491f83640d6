package org.afterimage.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.Response;
import org.afterimage.model.ContentHash;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.UnreachableCause;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The replay platform served over real HTTP and read by the crawler's real adapters, at chosen instants of a
 * controlled clock: every scripted post parses as present with its text, every scripted removal as gone with the
 * reason the ground truth names, every edit with the new text, every transient failure as unreachable.
 */
class ReplayPlatformTest {
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final HttpClient http = HttpClient.newHttpClient();
    private ReplayPlatform replay;

    @BeforeEach
    void start() throws Exception {
        InstantSource clock = now::get;
        replay = ReplayPlatform.start(new ReplayPlatform.Options("127.0.0.1", 0, 1440, 42, Duration.ofMillis(50), clock));
        replay.play();
    }

    @AfterEach
    void stop() {
        replay.close();
    }

    /** Moves the replay clock to {@code virtual} after the start. */
    private void at(Duration virtual) {
        now.set(T0.plusNanos((long) (virtual.toNanos() / replay.options().speed())).plusMillis(1));
    }

    private Response fetch(String url) throws Exception {
        String target = url;
        for (Map.Entry<String, String> r : replay.rewrites().entrySet()) {
            if (url.startsWith(r.getKey())) target = r.getValue() + url.substring(r.getKey().length());
        }
        HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Response(url, res.statusCode(), res.headers().map(), res.body(), null);
    }

    private List<ParsedPost> parse(Platform p, String url) throws Exception {
        return Adapters.of(p).parse(fetch(url));
    }

    /** The URL the crawler recrawls a post at: the URL its capture carried. */
    private String postUrl(ScriptedPost p) {
        Adapter a = Adapters.of(p.platform());
        return switch (p.platform()) {
            case TELEGRAM -> a.postUrl(p.key());
            case MASTODON -> "https://" + Script.MASTODON_HOST + "/@" + p.account() + "/" + p.key().postId().substring(p.key().postId().indexOf('/') + 1);
            case REDDIT -> "https://www.reddit.com/r/" + Script.SUBREDDIT + "/comments/" + p.key().postId().substring(3) + "/";
            default -> a.postUrl(p.key());
        };
    }

    @Test
    void listingsShowEveryPublishedPostWithItsTextAndAuthor() throws Exception {
        at(Duration.ofHours(6));   // every post published, before any removal of a post published this late
        List<ScriptedPost> script = Script.build(DemoRecord.bundled(), 42);
        int seen = 0;
        for (ReplayPlatform.Source s : replay.watchList()) {
            if (s.source().equals(ReplayPlatform.NOARCHIVE_CHANNEL)) continue;
            Platform p = Platform.of(s.platform());
            for (ParsedPost pp : parse(p, Adapters.of(p).listUrl(s.source()))) {
                ScriptedPost sp = script.stream().filter(x -> x.key().equals(pp.key())).findFirst().orElseThrow();
                if (pp.outcome() instanceof FetchOutcome.Present) {
                    seen++;
                    assertThat(ContentHash.normalise(pp.text())).startsWith(ContentHash.normalise(sp.title() + "\n\n" + sp.body()));
                    assertThat(pp.author()).isEqualTo(sp.account());
                    assertThat(pp.publishedAt()).isNotNull();
                }
            }
        }
        assertThat(seen).isGreaterThan(100);
    }

    @Test
    void everyScriptedRemovalReadsAsGoneWithTheTruthsReason() throws Exception {
        List<ScriptedPost> script = Script.build(DemoRecord.bundled(), 42);
        at(Duration.ofDays(3));
        GroundTruth truth = replay.truth();
        assertThat(truth.removals()).hasSizeGreaterThan(150).allMatch(GroundTruth.Removal::done);
        // nobody asked for them while they were visible: no crawler could have known them
        assertThat(truth.removals()).noneMatch(GroundTruth.Removal::seen);
        for (GroundTruth.Removal r : truth.removals()) {
            ScriptedPost p = script.stream().filter(x -> x.key().equals(r.key())).findFirst().orElseThrow();
            Response res = fetch(postUrl(p));
            List<ParsedPost> parsed;
            try {
                parsed = Adapters.of(p.platform()).parse(res);
            } catch (org.afterimage.crawler.parse.UnparseableException e) {
                // a single-post URL the adapter cannot name from the URL alone: the crawler names it from the request
                assertThat(e.outcome()).as(r.key() + ": " + e.getMessage()).isPresent();
                parsed = List.of(ParsedPost.of(r.key(), postUrl(p), e.outcome().get()));
            }
            assertThat(parsed).as(r.key().toString()).hasSize(1);
            assertThat(parsed.get(0).key()).isEqualTo(r.key());
            assertThat(parsed.get(0).outcome()).as(r.key() + " " + r.message())
                    .isInstanceOfSatisfying(FetchOutcome.Gone.class, g -> assertThat(g.reason()).isEqualTo(r.reason()));
        }
        // asked for by their own URLs now, they count as seen: the answer itself tells of the removal
        assertThat(replay.truth().removals()).allMatch(GroundTruth.Removal::seen);
    }

    @Test
    void editsShowTheNewTextAfterTheirTime() throws Exception {
        List<ScriptedPost> script = Script.build(DemoRecord.bundled(), 42);
        at(Duration.ofHours(6));
        fetch("https://www.reddit.com/r/" + Script.SUBREDDIT + "/new.json?raw_json=1&limit=100");   // the originals, served once
        at(Duration.ofDays(2));
        GroundTruth truth = replay.truth();
        assertThat(truth.edits()).hasSizeGreaterThan(30).allMatch(GroundTruth.Edit::done);
        assertThat(truth.edits()).filteredOn(e -> e.key().platform() == Platform.REDDIT).isNotEmpty().allMatch(GroundTruth.Edit::seen);
        assertThat(truth.edits()).filteredOn(e -> e.key().platform() != Platform.REDDIT).noneMatch(GroundTruth.Edit::seen);
        for (GroundTruth.Edit e : truth.edits()) {
            ScriptedPost p = script.stream().filter(x -> x.key().equals(e.key())).findFirst().orElseThrow();
            ParsedPost pp = parse(p.platform(), postUrl(p)).get(0);
            assertThat(ContentHash.normalise(pp.text())).isEqualTo(ContentHash.normalise(e.after()));
            assertThat(e.after()).isEqualTo(e.before() + Script.EDIT_SUFFIX);
        }
    }

    @Test
    void transientFailuresReadAsUnreachableNeverGone() throws Exception {
        List<ScriptedPost> script = Script.build(DemoRecord.bundled(), 42);
        int checked = 0;
        for (ScriptedPost p : script) {
            if (!(p.fate() instanceof ScriptedPost.Fate.Transient t)) continue;
            at(t.from().plusMinutes(1));
            Response res = fetch(postUrl(p));
            FetchOutcome o;
            try {
                o = Adapters.of(p.platform()).parse(res).get(0).outcome();
            } catch (org.afterimage.crawler.parse.UnparseableException e) {
                assertThat(e.outcome()).isPresent();
                o = e.outcome().get();
            }
            assertThat(o).as(p.key() + " " + t.kind()).isInstanceOf(FetchOutcome.Unreachable.class);
            FetchOutcome.Unreachable u = (FetchOutcome.Unreachable) o;
            switch (t.kind()) {
                case RATE_LIMITED -> {
                    assertThat(u.cause()).isEqualTo(UnreachableCause.RATE_LIMITED);
                    assertThat(u.retryAfter()).isEqualTo(Duration.ofSeconds(1));
                }
                case SERVER_ERROR, TIMEOUT -> assertThat(u.cause()).isEqualTo(UnreachableCause.SERVER_ERROR);
            }
            at(t.until().plusMinutes(1));
            assertThat(parse(p.platform(), postUrl(p)).get(0).outcome()).isInstanceOf(FetchOutcome.Present.class);
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
        assertThat(replay.truth().transientResponses()).isEqualTo(checked);
    }

    @Test
    void robotsTxtDisallowsTheNoArchiveChannelAndCountsVisits() throws Exception {
        Response robots = fetch(replay.baseUrl() + "/robots.txt");
        assertThat(new String(robots.body())).contains("Disallow: /telegram/s/" + ReplayPlatform.NOARCHIVE_CHANNEL);
        assertThat(replay.truth().robotsDisallowedHits()).isZero();
        fetch("https://t.me/s/" + ReplayPlatform.NOARCHIVE_CHANNEL);
        assertThat(replay.truth().robotsDisallowedHits()).isEqualTo(1);
    }

    @Test
    void badRequestsGetClearErrorsAndNoCrash() throws Exception {
        at(Duration.ofHours(1));
        assertThat(replay.answer("POST", "/telegram/s/afterimage_demo_a", null).status()).isEqualTo(405);
        assertThat(replay.answer("DELETE", "/_truth", null).status()).isEqualTo(405);
        assertThat(replay.answer("GET", "/nowhere", null).status()).isEqualTo(404);
        assertThat(replay.answer("GET", "/telegram/s/afterimage_demo_a", "before=lots").status()).isEqualTo(400);
        assertThat(replay.answer("GET", "/telegram/s/no_such_channel", null).status()).isEqualTo(404);
        assertThat(replay.answer("GET", "/telegram/afterimage_demo_a/99999999", null).body()).contains("Post not found");
        assertThat(replay.answer("GET", "/reddit/api/info.json", "id=%ZZ%").status()).isEqualTo(400);
        assertThat(replay.answer("GET", "/reddit/api/info.json", "id=t3_" + "a".repeat(40)).status()).isEqualTo(400);
        assertThat(replay.answer("GET", "/reddit/r/other_sub/new.json", null).status()).isEqualTo(404);
        assertThat(replay.answer("GET", "/mastodon/api/v1/statuses/1", null).status()).isEqualTo(404);
        assertThat(replay.answer("GET", "/mastodon/api/v1/accounts/9/statuses", null).status()).isEqualTo(404);
        assertThat(replay.answer("GET", "/wechat/s/AfterimageDemo9999", null).status()).isEqualTo(404);
        assertThat(replay.answer("GET", "/wechat/s/" + "x".repeat(3000), null).status()).isEqualTo(414);
        assertThat(replay.answer("GET", "/telegram/s/<script>", "before=1&&=&x").status()).isEqualTo(404);
        // over real HTTP too: hostile paths and methods answer, and the server keeps serving
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(replay.baseUrl() + "/_truth"))
                .PUT(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
        HttpResponse<String> truth = http.send(HttpRequest.newBuilder(URI.create(replay.baseUrl() + "/_truth")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(truth.statusCode()).isEqualTo(200);
        assertThat(Pages.JSON.readTree(truth.body()).get("removals").size()).isGreaterThan(150);
    }

    @Test
    void theClockStandsStillUntilPlay() throws Exception {
        try (ReplayPlatform paused = ReplayPlatform.start(new ReplayPlatform.Options("127.0.0.1", 0, 1440, 42, Duration.ofMillis(50), now::get))) {
            now.set(T0.plus(Duration.ofDays(30)));
            assertThat(paused.truth().removalsDone()).isEmpty();
            assertThat(paused.truth().published()).isLessThan(100);   // only the WeChat articles, published at the start
            paused.play();
            now.set(T0.plus(Duration.ofDays(31)));
            assertThat(paused.truth().removalsDone()).hasSameSizeAs(paused.truth().removals());
        }
    }

    @Test
    void scriptIsDeterministicAndUsesEveryRecord() {
        List<ScriptedPost> a = Script.build(DemoRecord.bundled(), 42);
        assertThat(a).hasSize(DemoRecord.bundled().size()).isEqualTo(Script.build(DemoRecord.bundled(), 42));
        assertThat(a.stream().map(ScriptedPost::key).distinct()).hasSize(a.size());
        assertThat(a.stream().map(ScriptedPost::platform).distinct()).containsExactlyInAnyOrder(
                Platform.TELEGRAM, Platform.MASTODON, Platform.REDDIT, Platform.WECHAT);
        // a day passes in about a minute at the default speed: the whole script within three minutes
        assertThat(replay.scriptLength()).isLessThan(Duration.ofMinutes(3));
        assertThat(PostKey.of(Platform.WECHAT, "s/AfterimageDemo0001").platform()).isEqualTo(Platform.WECHAT);
    }
}
