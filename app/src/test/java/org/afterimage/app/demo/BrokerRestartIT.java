package org.afterimage.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.afterimage.model.kafka.Topics;
import org.afterimage.testkit.BrokerProcess;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker killed (SIGKILL) and started again while the whole pipeline runs against it: crawler fetching the
 * replay platform, detector, indexer, alerts. The broker is this test's own process ({@link BrokerProcess}); the
 * shared Elasticsearch stays up. Afterwards the demo's ground truth holds exactly (every seen removal with its reason,
 * every seen edit, no false removal, no event twice), every capture the crawler handed to Kafka is on the topic once,
 * and Elasticsearch holds exactly what the topics hold: captures, events and posts.
 */
@RealEngines
class BrokerRestartIT {
    private static final double SPEED = 2880;   // a day in 30 s: the script in about 70 s
    private static final Duration DOWN = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void nothingIsLostOrRepeatedAcrossABrokerRestart(Engines engines) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        String ns = Engines.uniqueName("brokerkill");
        Topics topics = Topics.in(ns);
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"))) {
            Demo.Settings s = new Demo.Settings(dir.resolve("demo"), "127.0.0.1", freePort(), SPEED, 0,
                    Optional.of(broker.bootstrapServers()), Optional.of(engines.elasticsearchUrl()), ns);
            Demo demo = Demo.start(s, out);
            try {
                // a third of the way into the script: crawls, detections and alerts are all in flight
                Thread.sleep(demo.replay().scriptLength().dividedBy(3).toMillis());
                String before = demo.summary();
                broker.kill();
                long killedAt = System.nanoTime();
                Thread.sleep(DOWN.toMillis());
                broker.startAgain();
                System.out.printf("[afterimage] BrokerRestartIT: broker down %.1f s; before: %s%n",
                        (System.nanoTime() - killedAt) / 1e9, before);

                DemoChecks.Report report = DemoChecks.awaitScript(demo, Duration.ofSeconds(180));
                System.out.println(console.toString(StandardCharsets.UTF_8));
                System.out.println("wrong: " + report.wrong() + "\nmissing: " + report.missing());
                // exactly: every removal seen while visible, every seen edit (the demo alone allows 5% for timing)
                DemoChecks.assertAgreesWithTruth(demo, report, 1.0);

                // the indexer caught up with exactly what the topics hold (ids are deterministic: no duplicates)
                Map<String, Long> onTopics = awaitIndexed(broker, engines, topics, ns);
                System.out.println("[afterimage] BrokerRestartIT: topics and indices agree: " + onTopics);
            } finally {
                demo.close();
            }
            long published = demo.capturesPublished();   // after close: the crawler flushed its producer
            Counts captures = read(broker.bootstrapServers(), topics.captures(), "read_uncommitted");
            System.out.println("[afterimage] BrokerRestartIT: crawler published " + published + ", captures topic " + captures);
            assertThat(captures.records()).as("every capture handed to Kafka is on the topic, once").isEqualTo(published);
            assertThat(captures.distinct()).as("no capture record twice (idempotent producer)").isEqualTo(captures.records());
        }
    }

    /** Waits until the events, posts and captures indices hold as many documents as their topics have distinct keys. */
    private Map<String, Long> awaitIndexed(BrokerProcess broker, Engines engines, Topics topics, String ns) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Map<String, Long> last = Map.of();
        while (System.nanoTime() < deadline) {
            Counts events = read(broker.bootstrapServers(), topics.events(), "read_committed");
            Counts posts = read(broker.bootstrapServers(), topics.posts(), "read_committed");
            assertThat(events.distinct()).as("event records (read-committed) are distinct").isEqualTo(events.records());
            Map<String, Long> now = Map.of(
                    "events", events.distinct(), "eventsIndexed", count(engines, ns + "-events"),
                    "postKeys", posts.distinctKeys(), "postsIndexed", count(engines, ns + "-posts"));
            last = now;
            if (now.get("events").equals(now.get("eventsIndexed")) && now.get("postKeys").equals(now.get("postsIndexed"))) return now;
            Thread.sleep(2000);
        }
        throw new AssertionError("indices never matched the topics: " + last);
    }

    private long count(Engines engines, String index) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(engines.elasticsearchUrl() + "/" + index + "/_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(engines.elasticsearchUrl() + "/" + index + "/_count")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("count").asLong();
    }

    /** Records on a topic; distinct by key and value bytes; distinct keys with a live (non-tombstone) latest value. */
    record Counts(long records, long distinct, long distinctKeys) {
    }

    static Counts read(String bootstrap, String topic, String isolation) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long records = 0;
        Set<String> distinct = new HashSet<>();
        Map<String, Boolean> live = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    String k = new String(r.key(), StandardCharsets.UTF_8);
                    distinct.add(k + "\u0000" + (r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8)));
                    live.put(k, r.value() != null);
                }
            }
        }
        return new Counts(records, distinct.size(), live.values().stream().filter(Boolean::booleanValue).count());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
