package org.afterimage.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.afterimage.crawler.capture.WarcArchive;
import org.afterimage.crawler.fetch.Exchange;
import org.afterimage.crawler.fetch.FetchResult;
import org.afterimage.crawler.fetch.Fetcher;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.politeness.HostileServer;
import org.afterimage.crawler.politeness.OptOutList;
import org.afterimage.model.Capture;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.UnreachableCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
    @TempDir
    Path data;

    static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2024-05-01T00:00:00Z"));

    /** Serves fixed bodies through the {@link Fetcher} seam and counts requests. */
    static final class Canned implements Fetcher {
        final AtomicInteger calls = new AtomicInteger();
        final int status;
        final String body;

        Canned(int status, String body) {
            this.status = status;
            this.body = body;
        }

        @Override
        public FetchResult fetch(URI uri) {
            calls.incrementAndGet();
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            return new FetchResult.Completed(new Exchange(uri, CLOCK.instant(), "GET", Map.of(), "HTTP/1.1",
                    new Response(uri.toString(), status, Map.of(), b, StandardCharsets.UTF_8), b));
        }
    }

    @Test
    void optedOutAccountsAreNeverFetchedNorPublished() {
        Canned f = new Canned(200, HostileServer.TELEGRAM_POST);
        try (WarcArchive warc = new WarcArchive(data, 1 << 20, "t")) {
            Pipeline p = new Pipeline(f, warc, new OptOutList(Set.of(), Set.of("telegram:durov")), CLOCK, "v");
            assertThat(p.capture(Adapters.of(Platform.TELEGRAM), "https://t.me/durov/1?embed=1", Optional.empty())).isEmpty();
            assertThat(f.calls.get()).isZero();
            // a listing of another source that shows an opted-out author: that post is dropped
            Pipeline q = new Pipeline(f, warc, new OptOutList(Set.of(), Set.of("telegram:Durov")), CLOCK, "v");
            assertThat(q.capture(Adapters.of(Platform.TELEGRAM), "https://t.me/s/other", Optional.empty())).isEmpty();
        }
    }

    @Test
    void aPresentPostCarriesItsWarcReferenceHashAndVantage() {
        try (WarcArchive warc = new WarcArchive(data, 1 << 20, "t")) {
            Pipeline p = new Pipeline(new Canned(200, HostileServer.TELEGRAM_POST), warc, OptOutList.EMPTY, CLOCK, "eu-1");
            Capture c = p.capture(Adapters.of(Platform.TELEGRAM), "https://t.me/durov/1?embed=1", Optional.empty()).get(0);
            assertThat(c.key()).isEqualTo(PostKey.of(Platform.TELEGRAM, "durov/1"));
            assertThat(c.warc()).isNotNull();
            assertThat(c.contentHash()).isEqualTo(org.afterimage.model.ContentHash.of("Привет, мир"));
            assertThat(c.vantage()).isEqualTo("eu-1");
            assertThat(c.fetchedAt()).isEqualTo(CLOCK.instant());
        }
    }

    @Test
    void aKnownPostBehindAnUnfamiliarUrlGetsTheAdaptersOutcomeAndGoneCarriesTheWarcRecord() {
        try (WarcArchive warc = new WarcArchive(data, 1 << 20, "t")) {
            Pipeline p = new Pipeline(new Canned(404, "{\"error\":\"Not Found\"}"), warc, OptOutList.EMPTY, CLOCK, "v");
            Capture c = p.capture(Adapters.of(Platform.MASTODON), "https://mirror.example/s/1", Optional.of(PostKey.of(Platform.MASTODON, "m.example/1"))).get(0);
            assertThat(c.outcome()).isInstanceOfSatisfying(FetchOutcome.Gone.class, g -> {
                assertThat(g.reason()).isEqualTo(RemovalReason.NOT_FOUND);
                assertThat(g.evidence().warcRecordId()).isEqualTo(c.warc().recordId());
            });
            Pipeline garbage = new Pipeline(new Canned(200, "<html>nothing here</html>"), warc, OptOutList.EMPTY, CLOCK, "v");
            Capture u = garbage.capture(Adapters.of(Platform.TELEGRAM), "https://t.me/durov/5", Optional.empty()).get(0);
            assertThat(u.outcome()).isInstanceOfSatisfying(FetchOutcome.Unreachable.class, x -> assertThat(x.cause()).isEqualTo(UnreachableCause.UNPARSEABLE));
        }
    }

    @Test
    void failedFetchOfAListingPublishesNothingButOfAPostPublishesUnreachable() {
        Fetcher down = uri -> new FetchResult.Failed(new FetchOutcome.Unreachable(UnreachableCause.CONNECTION, "refused"));
        try (WarcArchive warc = new WarcArchive(data, 1 << 20, "t")) {
            Pipeline p = new Pipeline(down, warc, OptOutList.EMPTY, CLOCK, "v");
            assertThat(p.capture(Adapters.of(Platform.TELEGRAM), "https://t.me/s/durov", Optional.empty())).isEmpty();
            List<Capture> one = p.capture(Adapters.of(Platform.TELEGRAM), "https://t.me/durov/3", Optional.empty());
            assertThat(one).singleElement().satisfies(c -> assertThat(c.outcome()).isInstanceOf(FetchOutcome.Unreachable.class));
        }
    }
}
