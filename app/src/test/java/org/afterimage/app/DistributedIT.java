package org.afterimage.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.afterimage.model.Capture;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.kafka.AfterimageSerdes;
import org.afterimage.model.kafka.Topics;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed mode: every component its own JVM ({@code afterimage crawler|detector|indexer|api}, the shaded jar as
 * a user runs it) against the real Kafka and Elasticsearch, with two detector instances sharing the captures
 * partitions. One detector is killed with SIGKILL mid-stream (no close, no commit) and started again under the same
 * instance id: every scripted event is produced exactly once (read-committed, counted by record, not by distinct
 * id), indexed once, and the API answers every request throughout.
 */
@RealEngines
class DistributedIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_KEY = ComponentProcesses.ADMIN_KEY;
    /** Post URLs point at a closed loopback port: the crawler's recrawls fail fast (Unreachable, never an event). */
    private static final String LOOPBACK = "http://127.0.0.1:9";
    private static final int POSTS = 1200;
    private static final int PARTITIONS = 4;

    private final HttpClient http = HttpClient.newHttpClient();
    private ComponentProcesses processes;

    @TempDir
    Path dir;

    @AfterEach
    void stopAll() throws InterruptedException {
        if (processes != null) processes.close();
    }

    @Test
    void twoDetectorsShareTheWorkAndAKilledOneLosesAndRepeatsNothing(Engines engines) throws Exception {
        String ns = Engines.uniqueName("dist");
        Topics topics = Topics.in(ns);
        Path config = dir.resolve("afterimage.yaml");
        Files.writeString(config, """
                crawler:
                  instance: crawler-%1$s
                  kafka: {groupId: %1$s-crawler}
                detector:
                  applicationId: %1$s-detector
                searchApi:
                  elasticsearch: {indexPrefix: %1$s-}
                  indexer: {groupId: %1$s-indexer}
                """.formatted(ns));
        processes = ComponentProcesses.withTopics(dir, engines.kafkaBootstrapServers(), engines.elasticsearchUrl(), ns, config, PARTITIONS);

        int apiPort = ComponentProcesses.freePort();
        Process indexer = processes.start("indexer", "indexer", null);
        processes.awaitReady(indexer);   // it creates the indices; the API then finds them
        Process api = processes.start("api", "api", null, "--port", Integer.toString(apiPort));
        Process crawler = processes.start("crawler", "crawler", null);
        int portA = ComponentProcesses.freePort();
        Process detectorA = processes.start("detector-a", "detector", "detector-a", "--port", Integer.toString(portA));
        Process detectorB = processes.start("detector-b", "detector", "detector-b");
        for (Process p : List.of(api, crawler, detectorA, detectorB)) processes.awaitReady(p);

        // the API answers throughout: a reader polls it every 200 ms and every answer must be a 200
        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Thread poller = Thread.ofPlatform().name("api-poller").start(() -> {
            while (polling.get()) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + apiPort + "/api/v1/events?platform=wechat&size=5")).header("X-API-Key", ADMIN_KEY)
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) answered.incrementAndGet();
                    else failures.add(r.statusCode() + " " + r.body());
                } catch (IOException e) {
                    failures.add(e.toString());
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        // the script: every post seen; every 5th edited; every 5th (offset 1) removed by the platform's censor
        Instant t0 = Instant.now().minusSeconds(3600);
        Map<String, Integer> expected = new HashMap<>(Map.of("alteration", 0, "removal", 0));
        try (var producer = producer(engines)) {
            for (int i = 0; i < POSTS; i++) send(producer, topics, present(i, t0, "first version of post " + i + " about the flood"));
            producer.flush();
            for (int i = 0; i < POSTS; i++) {
                if (i % 5 == 0) {
                    send(producer, topics, present(i, t0.plusSeconds(120), "second version of post " + i + " about the levee breach"));
                    expected.merge("alteration", 1, Integer::sum);
                }
                if (i % 5 == 1) {
                    send(producer, topics, Capture.of(key(i), url(i), t0.plusSeconds(180), FetchOutcome.gone(RemovalReason.CENSORED,
                            new Evidence(200, "wechat:violation", "此内容因违规无法查看", ""))));
                    expected.merge("removal", 1, Integer::sum);
                }
                if (i == POSTS / 2) {
                    producer.flush();
                    // mid-stream: SIGKILL, no close, no commit; the rest of the script goes on while it is down
                    processes.kill(detectorA);
                }
                if (i % 50 == 0) Thread.sleep(20);
            }
            producer.flush();
        }
        Thread.sleep(3000);
        Process restarted = processes.start("detector-a2", "detector", "detector-a", "--port", Integer.toString(portA));
        processes.awaitReady(restarted);

        int total = expected.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Integer> seen = awaitEvents(engines, topics, total);
        assertThat(seen.get("records")).as("event records on the topic (read-committed): no duplicates").isEqualTo(total);
        assertThat(seen.get("distinct")).as("distinct event ids").isEqualTo(total);
        assertThat(seen.getOrDefault("alteration", 0)).isEqualTo(expected.get("alteration"));
        assertThat(seen.getOrDefault("removal", 0)).isEqualTo(expected.get("removal"));
        assertThat(seen.getOrDefault("restoration", 0)).as("no restorations were scripted").isZero();

        // indexed exactly once too: the events index holds every event, no more
        long indexed = awaitIndexed(engines, ns, total);
        assertThat(indexed).isEqualTo(total);

        polling.set(false);
        poller.join(15_000);
        System.out.println("[afterimage] DistributedIT: " + expected + " events exactly once across a SIGKILL; API answered "
                + answered.get() + " requests, failed " + failures.size());
        assertThat(failures).as("API answers throughout").isEmpty();
        assertThat(answered.get()).isGreaterThan(10);
    }

    private Capture present(int i, Instant at, String text) {
        return Capture.present(key(i), url(i), at, "account-" + (i % 37), text, at.minusSeconds(600), null);
    }

    private static PostKey key(int i) {
        return PostKey.of(Platform.WECHAT, "s/dist-" + i);
    }

    private static String url(int i) {
        return LOOPBACK + "/s/dist-" + i;
    }

    private static KafkaProducer<PostKey, Capture> producer(Engines engines) {
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers());
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(pp, AfterimageSerdes.postKey().serializer(), AfterimageSerdes.capture().serializer());
    }

    private static void send(KafkaProducer<PostKey, Capture> producer, Topics topics, Capture c) {
        producer.send(new ProducerRecord<>(topics.captures(), c.key(), c));
    }

    /** Reads the events topic (read-committed) until {@code total} records arrived, then 5 s more to catch extras. */
    private static Map<String, Integer> awaitEvents(Engines engines, Topics topics, int total) {
        Properties cp = new Properties();
        cp.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, Engines.uniqueName("dist-check"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        Map<String, Integer> counts = new HashMap<>();
        Set<String> ids = new HashSet<>();
        try (var consumer = new KafkaConsumer<>(cp, AfterimageSerdes.postKey().deserializer(), AfterimageSerdes.event().deserializer())) {
            consumer.subscribe(List.of(topics.events()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    PostEvent e = r.value();
                    counts.merge("records", 1, Integer::sum);
                    counts.merge(e.type(), 1, Integer::sum);
                    ids.add(e.eventId());
                }
                if (counts.getOrDefault("records", 0) >= total && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                }
            }
        }
        counts.put("distinct", ids.size());
        return counts;
    }

    private long awaitIndexed(Engines engines, String ns, int total) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long count = -1;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                    engines.elasticsearchUrl() + "/" + ns + "-events/_count")).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                count = JSON.readTree(r.body()).path("count").asLong();
                if (count >= total) {
                    Thread.sleep(3000);   // any duplicate document would show up as a higher count now
                    HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(
                            engines.elasticsearchUrl() + "/" + ns + "-events/_count")).build(), HttpResponse.BodyHandlers.ofString());
                    return JSON.readTree(again.body()).path("count").asLong();
                }
            }
            Thread.sleep(500);
        }
        return count;
    }
}
