package org.afterimage.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.afterimage.demo.GroundTruth;
import org.afterimage.model.AlterationEvent;
import org.afterimage.model.ContentHash;
import org.afterimage.model.DiffSegment;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalEvent;

/** What the demo's ground truth says against what the detector published: shared by the demo's integration tests. */
final class DemoChecks {
    private DemoChecks() {
    }

    /**
     * Waits until the script ran to its end and every seen removal and edit was reported (or {@code extra} after the
     * script's length passed), printing progress; returns the last report.
     */
    static Report awaitScript(Demo demo, Duration extra) throws InterruptedException {
        long deadline = System.nanoTime() + demo.replay().scriptLength().plus(extra).toNanos();
        GroundTruth truth = demo.truth();
        Report report = report(truth, demo.events());
        while (System.nanoTime() < deadline) {
            Thread.sleep(2000);
            truth = demo.truth();
            report = report(truth, demo.events());
            System.out.println(demo.summary() + " | right reason " + report.rightReason + "/" + seen(truth).size() + " seen removals");
            boolean allDone = truth.removalsDone().size() == truth.removals().size() && truth.editsDone().size() == truth.edits().size();
            long seenEdits = truth.edits().stream().filter(GroundTruth.Edit::seen).count();
            if (allDone && report.rightReason >= seen(truth).size() && report.editsOk >= seenEdits && !demo.alerts().isEmpty()) {
                break;
            }
        }
        return report;
    }

    record Report(int rightReason, List<String> wrong, List<String> missing, List<PostKey> falseRemovals, int editsOk, List<String> badEdits) {
    }

    /**
     * The demo's promises against its ground truth: at least {@code share} of the removals of posts seen while visible
     * detected with the platform's reason and of the seen edits with the right diff, no false removal, robots.txt
     * obeyed, the subscription's alert delivered.
     */
    static void assertAgreesWithTruth(Demo demo, Report report, double share) {
        GroundTruth truth = demo.truth();
        assertThat(truth.removalsDone()).as("the script ran to its end").hasSameSizeAs(truth.removals());
        // a post removed before the crawler ever asked for it is invisible to anyone: the truth says which
        List<GroundTruth.Removal> detectable = DemoChecks.seen(truth);
        System.out.println("removals: " + truth.removals().size() + " scripted, " + detectable.size() + " of posts served while visible; never seen, by platform: "
                + truth.removals().stream().filter(r -> !r.seen()).collect(java.util.stream.Collectors.groupingBy(r -> r.key().platform(), java.util.stream.Collectors.counting())));
        // A sanity check of the run, not a promise of the pipeline (those follow, relative to what was seen): how many
        // removed posts were ever visible to a crawler depends on listing timing. The script publishes every non-WeChat
        // post within its first 6 replay hours (7.5 s at speed 2880), a listing shows only a source's newest posts (25
        // on Reddit) and each source is listed every 20 s: posts pushed out of a listing before its next fetch are never
        // listed, so whether a burst's older posts are seen depends on where one fetch falls in it. The unseen come in
        // groups (21 Reddit posts in most runs, 21 Telegram posts in some). Measured 113-159 of 163 (113 with the broker
        // down 31 s): this floor says the crawler worked; the promises below are relative to what it saw.
        assertThat(detectable.size()).as("most removed posts were seen first").isGreaterThanOrEqualTo((int) (0.6 * truth.removals().size()));
        assertThat(report.rightReason).as("removals detected with the platform's reason; wrong " + report.wrong + ", missing " + report.missing)
                .isGreaterThanOrEqualTo((int) Math.ceil(share * detectable.size()));
        assertThat(report.falseRemovals).as("removals reported for posts that only failed transiently, were edited or untouched").isEmpty();
        assertThat(truth.transientResponses()).as("transient failures were served").isGreaterThan(0);
        long seenEdits = truth.edits().stream().filter(GroundTruth.Edit::seen).count();
        // the same sanity check for edits, the same listing timing (35-52 of 52 seen across runs)
        assertThat(seenEdits).as("most edited posts were seen before their edit").isGreaterThanOrEqualTo((long) (0.6 * truth.edits().size()));
        assertThat(report.editsOk).as("edits detected with the inserted words as the diff; bad: " + report.badEdits)
                .isGreaterThanOrEqualTo((int) Math.ceil(share * seenEdits));
        assertThat(report.badEdits).isEmpty();
        assertThat(truth.robotsDisallowedHits()).as("robots.txt obeyed").isZero();
        assertThat(demo.alerts()).as("the subscription's alert reached the local webhook").isNotEmpty();
        assertThat(demo.alerts().get(0).path("alertId").asText()).isNotBlank();
        // exactly once: no event record twice, no removal reported twice for one removal
        List<PostEvent> all = demo.events().values().stream().flatMap(List::stream).toList();
        assertThat(all.stream().map(PostEvent::eventId).distinct().count()).as("event records (read-committed) with distinct ids").isEqualTo(all.size());
        demo.events().forEach((key, events) -> {
            long removals = events.stream().filter(RemovalEvent.class::isInstance).count();
            long restorations = events.stream().filter(e -> e.type().equals("restoration")).count();
            assertThat(removals).as("removal events of " + key + " (one per removal; a restoration allows another)").isLessThanOrEqualTo(1 + restorations);
        });
    }

    static Report report(GroundTruth truth, Map<PostKey, List<PostEvent>> events) {
        int right = 0;
        List<String> wrong = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (GroundTruth.Removal r : seen(truth)) {
            List<RemovalEvent> found = events.getOrDefault(r.key(), List.of()).stream()
                    .filter(RemovalEvent.class::isInstance).map(RemovalEvent.class::cast).toList();
            if (found.isEmpty()) missing.add(r.key().toString());
            else if (found.get(0).reason() == r.reason()) right++;
            else wrong.add(r.key() + " expected " + r.reason() + " got " + found.get(0).reason());
        }
        Set<PostKey> notRemoved = truth.transients().stream().map(GroundTruth.Transient::key).collect(Collectors.toSet());
        notRemoved.addAll(truth.untouched());
        truth.edits().forEach(e -> notRemoved.add(e.key()));
        List<PostKey> falseRemovals = notRemoved.stream()
                .filter(k -> events.getOrDefault(k, List.of()).stream().anyMatch(RemovalEvent.class::isInstance)).toList();
        int editsOk = 0;
        List<String> bad = new ArrayList<>();
        for (GroundTruth.Edit e : truth.editsDone().stream().filter(GroundTruth.Edit::seen).toList()) {
            Optional<AlterationEvent> a = events.getOrDefault(e.key(), List.of()).stream()
                    .filter(AlterationEvent.class::isInstance).map(AlterationEvent.class::cast).findFirst();
            if (a.isEmpty()) continue;
            AlterationEvent ev = a.get();
            String inserted = ev.diff().stream().filter(d -> d.op() == DiffSegment.Op.INSERT).map(DiffSegment::text).collect(Collectors.joining());
            boolean deletes = ev.diff().stream().anyMatch(d -> d.op() == DiffSegment.Op.DELETE);
            String expectedInsert = e.after().substring(e.before().length());
            if (ContentHash.normalise(ev.previousText()).equals(ContentHash.normalise(e.before()))
                    && ContentHash.normalise(ev.text()).equals(ContentHash.normalise(e.after()))
                    && !deletes && inserted.strip().equals(expectedInsert.strip())) {
                editsOk++;
            } else {
                bad.add(e.key() + ": " + ev.diff());
            }
        }
        return new Report(right, wrong, missing, falseRemovals, editsOk, bad);
    }

    /** The removals done to posts that were served while visible: the ones any crawler could detect. */
    static List<GroundTruth.Removal> seen(GroundTruth truth) {
        return truth.removalsDone().stream().filter(GroundTruth.Removal::seen).toList();
    }

}
