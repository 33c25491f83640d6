package org.afterimage.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.afterimage.model.Capture;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.kafka.AfterimageSerdes;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a user runs it: {@code afterimage run} as a separate process with embedded Kafka and
 * Elasticsearch, a record through Kafka and a document through Elasticsearch, the whole loop from a capture to a
 * removal the API serves, a clean stop (SIGTERM, what Ctrl-C does), a restart on the same data directory, and
 * everything still there.
 */
class OneJvmIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Post URLs point at a closed loopback port: the crawler's recrawls fail fast here and never leave the machine. */
    private static final String LOOPBACK = "http://127.0.0.1:9";
    private static final String ADMIN_KEY = "aik_onejvm_it_admin_key_0123456789";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @Test
    void runsEmbeddedEnginesAndKeepsDataAcrossARestart() throws Exception {
        int port = freePort();
        PostKey key = PostKey.of(Platform.TELEGRAM, "afterimage_it/1");
        Capture capture = Capture.present(key, LOOPBACK + "/afterimage_it/1", Instant.parse("2026-11-28T12:00:00Z"),
                "afterimage_it", "打倒 censorship", Instant.parse("2026-11-28T11:00:00Z"), null);

        Process first = start(port);
        JsonNode ready;
        try {
            ready = awaitReady(first, port);
            System.out.println("[afterimage] OneJvmIT: REAL engines embedded in the jar's JVM: " + ready);
            String kafka = ready.get("kafkaBootstrapServers").asText();
            String es = ready.get("elasticsearchUrl").asText();
            produce(kafka, capture);
            // the live pipeline may already have recrawled it (an Unreachable capture: the loopback port is closed)
            assertThat(consumeAll(kafka)).contains(capture);
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(es + "/it-docs/_doc/1?refresh=true"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"text\":\"打倒 censorship\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isIn(200, 201);

            // the loop: a post seen, then gone with the platform's censorship message -> a removal in the API
            PostKey wechat = PostKey.of(Platform.WECHAT, "s/onejvm-it");
            Instant t = Instant.parse("2026-11-28T12:00:00Z");
            produce(kafka, Capture.present(wechat, LOOPBACK + "/s/onejvm-it", t, "某公众号", "关于维权律师的报道",
                    t.minusSeconds(1800), null));
            produce(kafka, Capture.of(wechat, LOOPBACK + "/s/onejvm-it", t.plusSeconds(60),
                    FetchOutcome.gone(RemovalReason.CENSORED, new Evidence(200, "wechat:violation", "此内容因违规无法查看", ""))));
            JsonNode removal = awaitRemoval(port);
            assertThat(removal.get("reason").asText()).isEqualTo("CENSORED");
            assertThat(removal.get("probability").asDouble()).isBetween(0.5, 1.0);

            // `afterimage status` asks the running instance over HTTP; the line is sampled every 5 s
            String line = awaitStatus(port, "removals 1 ");
            assertThat(line).contains("posts ").contains("indexer lag ").contains("http://127.0.0.1:" + port);
        } finally {
            stop(first);
        }
        String log1 = Files.readString(data.resolve("run-1.log"));
        assertThat(log1).as("the status line while running").contains("[afterimage] sources ");
        assertThat(log1).as("the summary on SIGTERM").containsPattern("\\[afterimage\\] ran .*captures, .*removals");
        // a JVM stopped by SIGTERM exits 143 (128 + 15) after its shutdown hooks ran; the log says they finished
        assertThat(first.exitValue()).as("exit code after SIGTERM").isEqualTo(143);
        assertThat(Files.readString(data.resolve("run-1.log"))).contains("Afterimage stopped cleanly");

        Process second = start(port);
        try {
            JsonNode again = awaitReady(second, port);
            assertThat(again.get("kafkaBootstrapServers").asText()).isEqualTo(ready.get("kafkaBootstrapServers").asText());
            assertThat(consumeAll(again.get("kafkaBootstrapServers").asText())).contains(capture);
            HttpResponse<String> search = http.send(HttpRequest.newBuilder(URI.create(
                    again.get("elasticsearchUrl").asText() + "/it-docs/_search?q=text:censorship")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(search.body()).at("/hits/total/value").asInt()).as(search.body()).isEqualTo(1);
            assertThat(awaitRemoval(port).get("key").asText()).isEqualTo("wechat:s/onejvm-it");
        } finally {
            stop(second);
        }
        assertThat(second.exitValue()).isEqualTo(143);
        assertThat(Files.readString(data.resolve("run-2.log"))).doesNotContain("formatted now");
    }

    private int runs;

    private Process start(int port) throws IOException {
        Path jar = Path.of(System.getProperty("afterimage.jar", "target/afterimage.jar"));
        assertThat(jar).exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        runs++;
        ProcessBuilder pb = new ProcessBuilder(java, "-Xms768m", "-Xmx768m",
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Djava.io.tmpdir=" + data, "-jar", jar.toString(), "run", "--data", data.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("run-" + runs + ".log").toFile());
        // the embedded default: no external engines, whatever the test run itself uses
        pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        pb.environment().remove("ELASTICSEARCH_URL");
        pb.environment().put("AFTERIMAGE_ADMIN_KEY", ADMIN_KEY);
        return pb.start();
    }

    private JsonNode awaitReady(Process p, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("afterimage exited early; see " + data.resolve("run-" + runs + ".log")).isTrue();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return JSON.readTree(r.body());
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready within 120 s:\n" + Files.readString(data.resolve("run-" + runs + ".log")));
    }

    /** The removal event the API serves for wechat:s/onejvm-it, waiting for the detector and the indexer. */
    private JsonNode awaitRemoval(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/api/v1/events?platform=wechat")).header("X-API-Key", ADMIN_KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            last = r.body();
            if (r.statusCode() == 200) {
                for (JsonNode item : JSON.readTree(last).path("items")) {
                    if ("removal".equals(item.path("type").asText())) return item;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no removal served within 90 s; last answer: " + last);
    }

    /** Runs {@code afterimage status} until its line contains {@code expected}; returns that line. */
    private String awaitStatus(int port, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            Path out = data.resolve("status.out");
            Process status = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                    Path.of(System.getProperty("afterimage.jar", "target/afterimage.jar")).toString(),
                    "status", "--url", "http://127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
            last = Files.readString(out);
            if (status.exitValue() == 0 && last.contains(expected)) return last;
            Thread.sleep(1000);
        }
        throw new AssertionError("`afterimage status` never showed '" + expected + "'; last: " + last);
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();   // SIGTERM: the shutdown hook closes everything, as Ctrl-C does in a terminal
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("afterimage did not stop within 90 s of SIGTERM");
        }
    }

    private static void produce(String kafka, Capture c) {
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        try (var producer = new KafkaProducer<>(pp, AfterimageSerdes.postKey().serializer(), AfterimageSerdes.capture().serializer())) {
            producer.send(new ProducerRecord<>(Topics.DEFAULT.captures(), c.key(), c));
            producer.flush();
        }
    }

    private static List<Capture> consumeAll(String kafka) {
        Properties cp = new Properties();
        cp.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        List<Capture> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(cp, AfterimageSerdes.postKey().deserializer(), AfterimageSerdes.capture().deserializer())) {
            consumer.subscribe(List.of(Topics.DEFAULT.captures()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.isEmpty() && System.nanoTime() < deadline) consumer.poll(Duration.ofMillis(250)).forEach(r -> out.add(r.value()));
            consumer.poll(Duration.ofMillis(500)).forEach(r -> out.add(r.value()));
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
