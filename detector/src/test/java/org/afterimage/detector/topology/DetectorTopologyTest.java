package org.afterimage.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.afterimage.detector.history.PostHistory;
import org.afterimage.model.AlterationEvent;
import org.afterimage.model.Capture;
import org.afterimage.model.DiffSegment;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.PostRecord;
import org.afterimage.model.PostStatus;
import org.afterimage.model.RecrawlRequest;
import org.afterimage.model.RemovalEvent;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.RestorationEvent;
import org.afterimage.model.UnreachableCause;
import org.afterimage.model.json.Codecs;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class DetectorTopologyTest {
    static final PostKey KEY = PostKey.of(Platform.WEIBO, "123");
    static final String URL = "https://weibo.example/123";
    static final Instant PUB = DetectorDriver.T0.minus(Duration.ofMinutes(1));

    static Capture present(PostKey key, Instant at, String text) {
        return Capture.present(key, URL, at, "alice", text, PUB, null);
    }

    static Capture present(Instant at, String text) {
        return present(KEY, at, text);
    }

    static Capture gone(Instant at, RemovalReason reason) {
        return Capture.of(KEY, URL, at, FetchOutcome.gone(reason, new Evidence(reason == RemovalReason.NOT_FOUND ? 404 : 200,
                "test:" + reason, "msg", "")));
    }

    static Capture unreachable(Instant at) {
        return Capture.of(KEY, URL, at, FetchOutcome.unreachable(UnreachableCause.SERVER_ERROR, "503"));
    }

    static Instant t(long minutes) {
        return DetectorDriver.T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void everyNodeAndStoreIsNamedAndThereIsNoRepartitionTopic() {
        org.apache.kafka.streams.StreamsBuilder b = new org.apache.kafka.streams.StreamsBuilder();
        DetectorTopology.build(b, org.afterimage.detector.DetectorConfig.defaults());
        TopologyDescription desc = b.build().describe();
        String text = desc.toString();
        assertThat(text).doesNotContain("KSTREAM-").doesNotContain("KTABLE-").doesNotContain("repartition");
        assertThat(text).contains(Names.DETECT, Names.HISTORY_STORE, Names.SCHEDULE_STORE, Names.OUTPUTS_SINK);
    }

    @Test
    void firstCapturePublishesThePostAndSameHashAgainPublishesNothing() {
        try (DetectorDriver d = new DetectorDriver(Map.of("history.sightingResolution", "0s"))) {
            d.capture(present(t(0), "hello world"));
            d.capture(present(t(5), "hello world"));
            assertThat(d.events()).isEmpty();
            List<PostRecord> posts = d.posts.readValuesToList();
            assertThat(posts).hasSize(1);
            assertThat(posts.get(0).seq()).isEqualTo(1);
            assertThat(posts.get(0).status()).isEqualTo(PostStatus.LIVE);
            assertThat(d.history(KEY).orElseThrow().captures()).isEqualTo(2);
            assertThat(d.history(KEY).orElseThrow().lastSeen()).isEqualTo(t(5).toEpochMilli());
        }
    }

    @Test
    void seenAgainWithinTheSightingResolutionMovesTheScheduleButWritesNoHistory() {
        try (DetectorDriver d = new DetectorDriver(Map.of("history.sightingResolution", "10m"))) {
            d.capture(present(t(0), "hello world"));
            long due0 = d.history(KEY).orElseThrow().scheduledDue();
            d.capture(present(t(5), "hello world"));
            PostHistory h = d.history(KEY).orElseThrow();
            assertThat(h.captures()).isEqualTo(1);
            assertThat(h.lastSeen()).isEqualTo(t(0).toEpochMilli());
            assertThat(h.scheduledDue()).isEqualTo(due0);
            assertThat(d.scheduleEntries()).as("the old entry replaced by the new one").isEqualTo(1);
            // the stored sighting is now 10 min old: written, with the stored count + 1
            d.capture(present(t(10), "hello world"));
            h = d.history(KEY).orElseThrow();
            assertThat(h.captures()).isEqualTo(2);
            assertThat(h.lastSeen()).isEqualTo(t(10).toEpochMilli());
            assertThat(h.scheduledDue()).isGreaterThan(t(10).toEpochMilli());
            assertThat(d.scheduleEntries()).isEqualTo(1);
            assertThat(d.events()).isEmpty();
            assertThat(d.posts.readValuesToList()).hasSize(1);
        }
    }

    @Test
    void anEditOrARemovalWithinTheSightingResolutionIsWrittenAtOnce() {
        try (DetectorDriver d = new DetectorDriver(Map.of("history.sightingResolution", "1h"))) {
            d.capture(present(t(0), "hello world"));
            d.capture(present(t(1), "hello world"));
            d.capture(present(t(2), "hello brave new world"));
            assertThat(d.history(KEY).orElseThrow().versions()).hasSize(2);
            d.capture(present(t(3), "hello brave new world"));
            d.capture(gone(t(4), RemovalReason.CENSORED));
            PostHistory h = d.history(KEY).orElseThrow();
            assertThat(h.status()).isEqualTo(PostStatus.REMOVED);
            List<PostEvent> events = d.events();
            assertThat(events).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("AlterationEvent", "RemovalEvent");
            // last seen present: the last written sighting (t2), exact to the resolution
            assertThat(((RemovalEvent) events.get(1)).lastSeenPresent()).isEqualTo(t(2));
        }
    }

    @Test
    void aSingleNotFoundBetweenTwoPresentsIsNotARemoval() {
        try (DetectorDriver d = new DetectorDriver()) {
            d.capture(present(t(0), "hello world"));
            d.capture(gone(t(10), RemovalReason.NOT_FOUND));
            assertThat(d.history(KEY).orElseThrow().consecutiveNotFound()).isEqualTo(1);
            d.capture(present(t(12), "hello world"));
            assertThat(d.events()).isEmpty();
            assertThat(d.history(KEY).orElseThrow().status()).isEqualTo(PostStatus.LIVE);
            assertThat(d.history(KEY).orElseThrow().consecutiveNotFound()).isZero();
        }
    }

    @Test
    void aLoneNotFoundIsConfirmedByOneQuickRecrawlBeforeTheRemoval() {
        try (DetectorDriver d = new DetectorDriver()) {
            d.capture(present(t(0), "hello world"));
            d.requests.readValuesToList();
            d.capture(gone(d.now.plusSeconds(1), RemovalReason.NOT_FOUND));
            assertThat(d.events()).isEmpty();
            d.advance(Duration.ofMinutes(3), Duration.ofSeconds(1));
            List<RecrawlRequest> reqs = d.requests.readValuesToList();
            assertThat(reqs).extracting(RecrawlRequest::purpose).contains(RecrawlRequest.Purpose.CONFIRM);
            assertThat(reqs.stream().filter(r -> r.purpose() == RecrawlRequest.Purpose.CONFIRM).findFirst().orElseThrow().priority())
                    .isEqualTo(100);
            d.capture(gone(d.now, RemovalReason.NOT_FOUND));
            List<PostEvent> ev = d.events();
            assertThat(ev).hasSize(1);
            RemovalEvent r = (RemovalEvent) ev.get(0);
            assertThat(r.reason()).isEqualTo(RemovalReason.NOT_FOUND);
            assertThat(r.seq()).isEqualTo(2);
            assertThat(r.eventId()).isEqualTo(PostEvent.idFor(KEY, 2));
            assertThat(r.text()).isEqualTo("hello world");
        }
    }

    @Test
    void aDefinitePlatformSignalIsARemovalAtOnceWithProbabilityAndEvidence() {
        try (DetectorDriver d = new DetectorDriver()) {
            d.capture(present(t(0), "纪念六四 天安门 广场上的人们"));
            d.capture(gone(t(30), RemovalReason.CENSORED));
            List<PostEvent> ev = d.events();
            assertThat(ev).hasSize(1);
            RemovalEvent r = (RemovalEvent) ev.get(0);
            assertThat(r.reason()).isEqualTo(RemovalReason.CENSORED);
            assertThat(r.probability()).isBetween(0.9, 1.0);
            assertThat(r.items()).extracting(i -> i.factor()).contains("prior", "reason", "time_to_removal", "lexicon");
            assertThat(r.lastSeenPresent()).isEqualTo(t(0));
            double logit = r.items().stream().mapToDouble(i -> i.weight()).sum();
            assertThat(r.probability()).isCloseTo(1 / (1 + Math.exp(-logit)), org.assertj.core.data.Offset.offset(1e-4));
            PostRecord last = d.posts.readValuesToList().getLast();
            assertThat(last.status()).isEqualTo(PostStatus.REMOVED);
            assertThat(last.removal().reason()).isEqualTo(RemovalReason.CENSORED);
            assertThat(last.seq()).isEqualTo(2);
        }
    }

    @Test
    void selfDeletionScoresLowerThanCensorship() {
        try (DetectorDriver d = new DetectorDriver()) {
            d.capture(present(t(0), "an ordinary post about lunch"));
            d.capture(gone(t(600), RemovalReason.DELETED_BY_AUTHOR));
            RemovalEvent r = (RemovalEvent) d.events().get(0);
            assertThat(r.probability()).isLessThan(0.2);
        }
    }

    @Test
    void transientErrorsNeverProduceEventsAndBackOff() {
        try (DetectorDriver d = new DetectorDriver()) {
            d.capture(present(t(0), "hello world"));
            long prevGap = 0;
            for (int i = 1; i <= 8; i++) {
                Instant at = t(i * 10L);
                d.capture(unreachable(at));
                long gap = d.history(KEY).orElseThrow().scheduledDue() - at.toEpochMilli();
                assertThat(gap).isGreaterThanOrEqualTo(prevGap);
                prevGap = gap;
            }
            assertThat(prevGap).isGreaterThanOrEqualTo(Duration.ofMinutes(64).toMillis());
            assertThat(d.events()).isEmpty();
            assertThat(d.history(KEY).orElseThrow().status()).isEqualTo(PostStatus.LIVE);
            assertThat(d.posts.readValuesToList()).hasSize(1);
        }
    }

    @Test
    void unreachableBetweenTwoNotFoundsKeepsTheConfirmationPending() {
        try (DetectorDriver d = new DetectorDriver()) {
            d.capture(present(t(0), "hello world"));
            d.capture(gone(t(10), RemovalReason.NOT_FOUND));
            d.capture(unreachable(t(12)));
            assertThat(d.events()).isEmpty();
            d.capture(gone(t(15), RemovalReason.NOT_FOUND));
            assertThat(d.events()).hasSize(1);
        }
    }

    @Test
    void editsThatOnlyChangeWhitespaceInvisiblesOrTrackingParametersAreNotAlterations() {
        try (DetectorDriver d = new DetectorDriver()) {
            d.capture(present(t(0), "Read this https://x.example/a?id=1 now"));
            d.capture(present(t(1), "  Read   this\u200B https://x.example/a?id=1&utm_source=tw now\n"));
            d.capture(present(t(2), "Read this\thttps://x.example/a?id=1&fbclid=abc now"));
            assertThat(d.events()).isEmpty();
            assertThat(d.history(KEY).orElseThrow().versions()).hasSize(1);
        }
    }

    @Test
    void aRealEditIsAnAlterationWithAWordDiff() {
        try (DetectorDriver d = new DetectorDriver()) {
            d.capture(present(t(0), "the minister resigned today"));
            d.capture(present(t(5), "the minister stayed today"));
            List<PostEvent> ev = d.events();
            assertThat(ev).hasSize(1);
            AlterationEvent a = (AlterationEvent) ev.get(0);
            assertThat(a.previousText()).isEqualTo("the minister resigned today");
            assertThat(a.diff()).containsExactly(new DiffSegment(DiffSegment.Op.EQUAL, "the minister "),
                    new DiffSegment(DiffSegment.Op.DELETE, "resigned"), new DiffSegment(DiffSegment.Op.INSERT, "stayed"),
                    new DiffSegment(DiffSegment.Op.EQUAL, " today"));
            assertThat(a.seq()).isEqualTo(2);
            PostRecord p = d.posts.readValuesToList().getLast();
            assertThat(p.status()).isEqualTo(PostStatus.ALTERED);
            assertThat(p.versions()).hasSize(2);
        }
    }

    @Test
    void presentAfterRemovalIsARestorationAndLowersTheProbability() {
        try (DetectorDriver d = new DetectorDriver()) {
            d.capture(present(t(0), "hello world"));
            d.capture(gone(t(60), RemovalReason.CENSORED));
            d.capture(gone(t(120), RemovalReason.CENSORED));   // still gone: nothing new
            d.capture(present(t(24 * 60), "hello world"));
            List<PostEvent> ev = d.events();
            assertThat(ev).extracting(PostEvent::type).containsExactly("removal", "restoration");
            RestorationEvent r = (RestorationEvent) ev.get(1);
            assertThat(r.previousReason()).isEqualTo(RemovalReason.CENSORED);
            assertThat(r.removedAt()).isEqualTo(t(60));
            assertThat(r.seq()).isEqualTo(3);
            PostRecord p = d.posts.readValuesToList().getLast();
            assertThat(p.status()).isEqualTo(PostStatus.RESTORED);
            assertThat(p.removal().items()).extracting(i -> i.factor()).contains("restored");
            assertThat(p.removal().probability()).isLessThan(((RemovalEvent) ev.get(0)).probability());
        }
    }

    @Test
    void postsPastTheHorizonAreDroppedFromState() {
        try (DetectorDriver d = new DetectorDriver(Map.of("history.horizon", "2h", "schedule.tick", "1m"))) {
            d.capture(Capture.present(KEY, URL, d.now, "alice", "hello world", d.now, null));
            assertThat(d.history(KEY)).isPresent();
            d.advance(Duration.ofHours(3), Duration.ofMinutes(1));
            assertThat(d.history(KEY)).isEmpty();
            assertThat(d.scheduleEntries()).isZero();
            assertThat(d.events()).isEmpty();
        }
    }

    @Test
    void dueChecksBecomeRecrawlRequestsWithinThePlatformBudget() {
        try (DetectorDriver d = new DetectorDriver(Map.of("schedule.budgets.default", "2", "schedule.tick", "1s"))) {
            for (int i = 0; i < 50; i++) {
                d.capture(Capture.present(PostKey.of(Platform.WEIBO, "p" + i), URL, d.now, "a" + i, "text " + i, d.now, null));
            }
            d.advance(Duration.ofSeconds(10), Duration.ofSeconds(1));
            List<RecrawlRequest> reqs = d.requests.readValuesToList();
            // 2 per second for 10 s (plus the first tick's allowance): the budget, and all of it
            assertThat(reqs.size()).isBetween(18, 22);
            assertThat(reqs).allSatisfy(r -> assertThat(r.url()).isEqualTo(URL));
        }
    }

    @Test
    void poisonRecordsGoToDeadLettersAndTheNextGoodRecordIsProcessed() {
        try (DetectorDriver d = new DetectorDriver()) {
            Capture good = present(t(0), "hello world");
            d.raw("weibo:1".getBytes(), "not json".getBytes());
            d.raw("weibo:1".getBytes(), "{\"schema\":99}".getBytes());
            d.raw("weibo:1".getBytes(), "[1,2]".getBytes());
            d.raw(null, Codecs.CAPTURE.encode(good));
            d.raw("weibo:other".getBytes(), Codecs.CAPTURE.encode(good));
            d.raw("weibo:1".getBytes(), null);
            d.raw(new byte[] {(byte) 0xff, 0}, new byte[] {(byte) 0xc3, 0x28});
            d.raw("weibo:1".getBytes(), ("{\"schema\":1,\"text\":\"" + "x".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.UTF_8));
            d.raw("weibo:1".getBytes(), "{\"schema\":1,\"key\":\"weibo:1\",\"url\":\"u\",\"fetchedAt\":\"2026-01-01T00:00:00Z\",\"outcome\":{\"kind\":\"martian\"}}".getBytes());
            String deep = "[".repeat(5000) + "]".repeat(5000);
            d.raw("weibo:1".getBytes(), deep.getBytes());
            d.capture(good);
            var letters = d.letters.readValuesToList();
            assertThat(letters).hasSize(10);
            assertThat(letters).allSatisfy(l -> {
                assertThat(l.stage()).isEqualTo("detector");
                assertThat(l.error()).isNotBlank();
                assertThat(l.topic()).isEqualTo(d.topics.captures());
            });
            assertThat(letters.get(0).error()).startsWith("NOT_JSON");
            assertThat(letters.get(1).error()).startsWith("UNKNOWN_SCHEMA_VERSION");
            assertThat(letters.get(4).error()).contains("differs from capture key");
            assertThat(letters.get(7).error()).startsWith("OVERSIZE").contains("truncated");
            assertThat(letters.get(7).valueBase64().length()).isLessThan(1 << 20);
            assertThat(d.posts.readValuesToList()).hasSize(1);
            assertThat(d.history(good.key())).isPresent();
        }
    }

    @Test
    void nearDuplicateTextsRemovedFromOtherAccountsRaiseTheProbability() {
        try (DetectorDriver d = new DetectorDriver()) {
            String text = "Open letter: we ask the city to release the detained workers and explain the arrests";
            for (int i = 0; i < 3; i++) {
                PostKey k = PostKey.of(Platform.WEIBO, "dup" + i);
                d.capture(Capture.present(k, URL, t(i), "author" + i, text + (i == 2 ? "!" : ""), PUB, null));
                d.capture(Capture.of(k, URL, t(60 + i), FetchOutcome.gone(RemovalReason.CENSORED, new Evidence(200, "s", "m", ""))));
            }
            List<RemovalEvent> ev = d.events().stream().map(e -> (RemovalEvent) e).toList();
            assertThat(ev).hasSize(3);
            assertThat(ev.get(0).items()).extracting(i -> i.factor()).doesNotContain("near_duplicates");
            assertThat(ev.get(2).items()).filteredOn(i -> i.factor().equals("near_duplicates")).singleElement()
                    .satisfies(i -> assertThat(i.detail()).contains("2 other accounts"));
            assertThat(ev.get(2).probability()).isGreaterThan(ev.get(0).probability());
        }
    }

    @Test
    void theAuthorsRemovalHistoryCounts() {
        try (DetectorDriver d = new DetectorDriver()) {
            for (int i = 0; i < 3; i++) {
                PostKey k = PostKey.of(Platform.WEIBO, "a" + i);
                d.capture(Capture.present(k, URL, t(i), "same-author", "post number " + i, PUB, null));
                d.capture(Capture.of(k, URL, t(60 + i), FetchOutcome.gone(RemovalReason.CENSORED, new Evidence(200, "s", "m", ""))));
            }
            List<RemovalEvent> ev = d.events().stream().map(e -> (RemovalEvent) e).toList();
            assertThat(ev.get(2).items()).filteredOn(i -> i.factor().equals("author_history")).singleElement()
                    .satisfies(i -> assertThat(i.weight()).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-9)));
        }
    }

    @Test
    void unansweredRequestsAreAskedAgain() {
        try (DetectorDriver d = new DetectorDriver(Map.of("schedule.responseTimeout", "5m", "schedule.tick", "10s"))) {
            d.capture(present(d.now, "hello"));
            d.advance(Duration.ofMinutes(30), Duration.ofSeconds(10));
            List<RecrawlRequest> reqs = d.requests.readValuesToList();
            assertThat(reqs.size()).isGreaterThan(2);
            assertThat(reqs).extracting(RecrawlRequest::purpose).contains(RecrawlRequest.Purpose.RETRY);
            assertThat(reqs.getLast().attempt()).isGreaterThan(1);
        }
    }
}
