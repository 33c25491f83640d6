package org.afterimage.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo headless at high speed against the real engines, checked against the replay platform's ground truth:
 * removals detected with the platform's reason, no removal for posts that only failed transiently, edits with the
 * right diff, the subscription's alert delivered to the local webhook (signature checked), robots.txt obeyed.
 */
@RealEngines
class DemoIT {
    private static final double SPEED = 2880;   // a day in 30 s: the whole script in about 70 s
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void detectsTheScriptedRemovalsAndEditsAndNothingElse(Engines engines) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        Demo.Settings s = new Demo.Settings(data.resolve("demo"), "127.0.0.1", freePort(), SPEED, 0,
                Optional.of(engines.kafkaBootstrapServers()), Optional.of(engines.elasticsearchUrl()), Engines.uniqueName("demo"));
        try (Demo demo = Demo.start(s, out)) {
            Duration script = demo.replay().scriptLength();
            long deadline = System.nanoTime() + script.plusSeconds(90).toNanos();
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
            System.out.println(console.toString(StandardCharsets.UTF_8));
            System.out.println("wrong: " + report.wrong + "\nmissing: " + report.missing);

            assertThat(truth.removalsDone()).as("the script ran to its end").hasSameSizeAs(truth.removals());
            // a post removed before the crawler ever asked for it is invisible to anyone: the truth says which
            List<GroundTruth.Removal> detectable = seen(truth);
            System.out.println("removals: " + truth.removals().size() + " scripted, " + detectable.size() + " of posts served while visible");
            assertThat(detectable.size()).as("most removed posts were seen first").isGreaterThanOrEqualTo((int) (0.9 * truth.removals().size()));
            assertThat(report.rightReason).as("removals detected with the platform's reason; wrong " + report.wrong + ", missing " + report.missing)
                    .isGreaterThanOrEqualTo((int) Math.ceil(0.95 * detectable.size()));
            assertThat(report.falseRemovals).as("removals reported for posts that only failed transiently, were edited or untouched").isEmpty();
            assertThat(truth.transientResponses()).as("transient failures were served").isGreaterThan(0);
            long seenEdits = truth.edits().stream().filter(GroundTruth.Edit::seen).count();
            assertThat(seenEdits).as("most edited posts were seen before their edit").isGreaterThanOrEqualTo((long) (0.9 * truth.edits().size()));
            assertThat(report.editsOk).as("edits detected with the inserted words as the diff; bad: " + report.badEdits)
                    .isGreaterThanOrEqualTo((int) Math.ceil(0.95 * seenEdits));
            assertThat(report.badEdits).isEmpty();
            assertThat(truth.robotsDisallowedHits()).as("robots.txt obeyed").isZero();
            assertThat(demo.alerts()).as("the subscription's alert reached the local webhook").isNotEmpty();
            assertThat(demo.alerts().get(0).path("alertId").asText()).isNotBlank();

            // the API serves them too: a censored removal with its probability
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    demo.apiUrl() + "/api/v1/events?type=removal&reason=CENSORED")).header("X-API-Key", demo.apiKey()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode items = JSON.readTree(r.body()).path("items");
            assertThat(items.size()).as(r.body()).isGreaterThan(0);
            assertThat(items.get(0).path("probability").asDouble()).isBetween(0.5, 1.0);
        }
    }

    private record Report(int rightReason, List<String> wrong, List<String> missing, List<PostKey> falseRemovals, int editsOk, List<String> badEdits) {
    }

    private static Report report(GroundTruth truth, Map<PostKey, List<PostEvent>> events) {
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
    private static List<GroundTruth.Removal> seen(GroundTruth truth) {
        return truth.removalsDone().stream().filter(GroundTruth.Removal::seen).toList();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
