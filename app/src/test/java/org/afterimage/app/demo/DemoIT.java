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
            DemoChecks.Report report = DemoChecks.awaitScript(demo, Duration.ofSeconds(90));
            GroundTruth truth = demo.truth();
            System.out.println(console.toString(StandardCharsets.UTF_8));
            System.out.println("wrong: " + report.wrong() + "\nmissing: " + report.missing());

            DemoChecks.assertAgreesWithTruth(demo, report, 0.95);

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

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
