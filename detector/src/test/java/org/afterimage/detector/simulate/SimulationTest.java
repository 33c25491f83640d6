package org.afterimage.detector.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.afterimage.model.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationTest {
    @Test
    void printsOneJsonObjectWithEveryRemovalFoundAndNoneInvented(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("r.csv");
        try (var in = getClass().getResourceAsStream("/fixtures/wechat/wechatscope-removals-2018-2019H1.csv")) {
            Files.copy(in, csv);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Simulation.run(new String[] {"--removals", csv.toString(), "--posts", "40", "--budget", "0.01",
                "--horizon", "4d", "--tick", "5m", "--transient-errors", "0.05", "--seed", "3", "--strategy", "adaptive"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String text = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(text.lines()).hasSize(1);
        JsonNode j = Json.MAPPER.readTree(text);
        assertThat(j.fieldNames()).toIterable().containsExactly("strategy", "posts", "removals", "detected", "recall",
                "falseRemovals", "reasonAccuracy", "latencySeconds", "requests", "requestsPerPost");
        assertThat(j.get("strategy").asText()).isEqualTo("adaptive");
        assertThat(j.get("posts").asInt()).isEqualTo(40);
        assertThat(j.get("removals").asInt()).isPositive();
        assertThat(j.get("recall").asDouble()).isEqualTo(1.0);
        assertThat(j.get("falseRemovals").asInt()).isZero();
        assertThat(j.get("reasonAccuracy").asDouble()).isEqualTo(1.0);
        assertThat(j.get("latencySeconds").get("p50").asLong()).isPositive();
        // the whole budget: 0.01 req/s over the 11 simulated days (less the last posts' expiry)
        assertThat(j.get("requests").asLong()).isBetween(8_500L, 9_600L);
    }

    @Test
    void badArgumentsExitTwoWithAMessage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Simulation.run(new String[] {}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--removals");
        assertThat(Simulation.run(new String[] {"--removals", "x.csv", "--posts", "many"}, o, e)).isEqualTo(2);
        assertThat(Simulation.run(new String[] {"--removals", "x.csv", "--strategy", "psychic"}, o, e)).isEqualTo(2);
        assertThat(Simulation.run(new String[] {"--removals", "/nonexistent.csv"}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read");
        assertThat(Simulation.run(new String[] {"--removals", "x.csv", "--budget", "-1"}, o, e)).isEqualTo(2);
        assertThat(Simulation.run(new String[] {"--removals"}, o, e)).isEqualTo(2);
        assertThat(Simulation.run(new String[] {"--removals", "x.csv", "--publishing", "0s"}, o, e)).isEqualTo(2);
        assertThat(Simulation.run(new String[] {"--removals", "x.csv", "--publishing", "soon"}, o, e)).isEqualTo(2);
        assertThat(Simulation.run(new String[] {"--removals", "x.csv", "--publishing", "99999999999d"}, o, e)).isEqualTo(2);
        assertThat(Simulation.run(new String[] {"--removals", "x.csv", "--horizon", "99999999999d"}, o, e)).isEqualTo(2);
        assertThat(Simulation.run(new String[] {"--removals", "x.csv", "--measure-from", "7d"}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--measure-from must be");
        assertThat(Simulation.run(new String[] {"--removals", "x.csv", "--publishing", "90d", "--measure-from", "-1d"}, o, e))
                .isEqualTo(2);
        assertThat(Simulation.run(new String[] {"--removals", "x.csv", "--tick", "PT"}, o, e)).isEqualTo(2);
    }

    @Test
    void publishingDefaultsToOneWeekAndTheRunLastsPublishingPlusHorizon() {
        Simulation.Options d = Simulation.parse(new String[] {"--removals", "x.csv"});
        assertThat(d.publishing()).isEqualTo(Duration.ofDays(7));
        assertThat(d.measureFrom()).isEqualTo(Duration.ZERO);
        assertThat(d.end()).isEqualTo(Simulation.START.plus(Duration.ofDays(37)).plusSeconds(60));
        assertThat(d.measured(Simulation.START)).isTrue();

        Simulation.Options o = Simulation.parse(new String[] {"--removals", "x.csv", "--publishing", "90d",
                "--measure-from", "30d", "--horizon", "30d", "--tick", "2m"});
        assertThat(o.end()).isEqualTo(Simulation.START.plus(Duration.ofDays(120)).plusSeconds(120));
        Instant warm = Simulation.START.plus(Duration.ofDays(30));
        assertThat(o.measured(warm.minusMillis(1))).isFalse();
        assertThat(o.measured(warm)).isTrue();
        assertThat(o.measured(Simulation.START.plus(Duration.ofDays(89)))).isTrue();
    }

    @Test
    void postsArePublishedAcrossTheWholeWindowAndOnlyTheMeasuredOnesCount(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("r.csv");
        try (var in = getClass().getResourceAsStream("/fixtures/wechat/wechatscope-removals-2018-2019H1.csv")) {
            Files.copy(in, csv);
        }
        String[] args = {"--removals", csv.toString(), "--posts", "60", "--budget", "0.01", "--publishing", "6d",
                "--measure-from", "3d", "--horizon", "2d", "--tick", "5m", "--transient-errors", "0", "--seed", "5"};
        Simulation.Options o = Simulation.parse(args);
        List<Simulation.Truth> truths = Simulation.truths(o, RemovalRows.load(csv).rows());
        Instant windowEnd = Simulation.START.plus(Duration.ofDays(6));
        assertThat(truths).allSatisfy(t -> assertThat(t.published()).isBetween(Simulation.START, windowEnd));
        // spread over the window, not bunched in its first week: both halves hold posts
        assertThat(truths).anySatisfy(t -> assertThat(t.published()).isBefore(Simulation.START.plus(Duration.ofDays(3))));
        assertThat(truths).anySatisfy(t -> assertThat(t.published()).isAfter(Simulation.START.plus(Duration.ofDays(3))));
        long expected = truths.stream().filter(t -> t.removedAt() != null && o.measured(t.published())
                && t.removedAt().isBefore(t.published().plus(o.horizon()))).count();
        long all = truths.stream().filter(t -> t.removedAt() != null
                && t.removedAt().isBefore(t.published().plus(o.horizon()))).count();
        assertThat(expected).isPositive().isLessThan(all);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Simulation.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode j = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(j.get("removals").asLong()).isEqualTo(expected);
        assertThat(j.get("falseRemovals").asInt()).isZero();
        // the budget is spent over the run, which lasts publishing + horizon (8 days), not a fixed week + horizon
        assertThat(j.get("requests").asLong()).isBetween((long) (0.01 * 6.5 * 86_400), (long) (0.01 * 8.1 * 86_400));
    }
}
