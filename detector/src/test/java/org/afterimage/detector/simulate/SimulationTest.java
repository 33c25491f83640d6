package org.afterimage.detector.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    }
}
