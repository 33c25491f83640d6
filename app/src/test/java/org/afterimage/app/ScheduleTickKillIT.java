package org.afterimage.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.afterimage.model.Capture;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.kafka.AfterimageSerdes;
import org.afterimage.model.kafka.Topics;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector ({@code afterimage detector}, its own JVM) killed with SIGKILL in the middle of a schedule tick: 4,000
 * posts come due at the same moment and go out at a budget of 300 requests/s per task, so the emission spans several
 * ticks and transactions; the kill lands once some requests are on the topic (uncommitted) and most are not. After
 * the restart every post has exactly one recrawl request (read-committed): none lost with the aborted transaction,
 * none repeated from a committed one (the request and the post's new due time are written in one transaction).
 */
@RealEngines
class ScheduleTickKillIT {
    private static final int POSTS = 4000;
    private static final int PARTITIONS = 4;
    private static final Duration FIRST_CHECK = Duration.ofSeconds(40);

    private ComponentProcesses processes;

    @TempDir
    Path dir;

    @AfterEach
    void stopAll() throws InterruptedException {
        if (processes != null) processes.close();
    }

    @Test
    void aKillDuringATickNeitherLosesNorRepeatsARequest(Engines engines) throws Exception {
        String ns = Engines.uniqueName("tickkill");
        Topics topics = Topics.in(ns);
        Path config = dir.resolve("afterimage.yaml");
        // one check FIRST_CHECK after publication, the next a day later; no pull-forward and no re-ask within the
        // test, so every post is due exactly once while it runs
        Files.writeString(config, """
                detector:
                  applicationId: %1$s-detector
                  processing: {commitInterval: 100ms}
                  schedule:
                    tick: 1s
                    ladder:
                      points: [%2$ds]
                      then:
                        - {every: 1d, until: horizon}
                    minInterval: 1s
                    responseTimeout: 1h
                    pullForward: 0s
                    budgets: {default: 300.0}
                """.formatted(ns, FIRST_CHECK.toSeconds()));
        processes = ComponentProcesses.withTopics(dir, engines.kafkaBootstrapServers(), engines.elasticsearchUrl(), ns, config, PARTITIONS);
        Process first = processes.start("detector-1", "detector", "detector-0");
        processes.awaitReady(first);

        Instant published = Instant.now();
        try (var producer = producer(engines)) {
            for (int i = 0; i < POSTS; i++) {
                PostKey key = PostKey.of(Platform.MASTODON, "tick-" + i);
                Capture c = Capture.present(key, "http://127.0.0.1:9/tick-" + i, published, "account-" + (i % 50),
                        "post " + i + " about the river", published, null);
                producer.send(new ProducerRecord<>(topics.captures(), key, c));
            }
        }

        // kill once the tick is emitting: some requests written (not necessarily committed), most not yet
        long seenAtKill;
        try (var watcher = reader(engines, topics.recrawlRequests(), "read_uncommitted")) {
            long seen = 0;
            long deadline = System.nanoTime() + FIRST_CHECK.plusSeconds(120).toNanos();
            while (seen < 300 && System.nanoTime() < deadline) seen += watcher.poll(Duration.ofMillis(50)).count();
            processes.kill(first);
            seenAtKill = seen;
        }
        System.out.println("[afterimage] ScheduleTickKillIT: killed the detector with " + seenAtKill + " requests written");
        assertThat(seenAtKill).as("requests written when killed (the tick had started, not finished)").isBetween(300L, (long) POSTS - 1);

        Process second = processes.start("detector-2", "detector", "detector-0");
        processes.awaitReady(second);
        Map<String, Integer> perPost = new TreeMap<>();
        try (var committed = reader(engines, topics.recrawlRequests(), "read_committed")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (var r : committed.poll(Duration.ofMillis(500))) perPost.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum);
                if (perPost.size() >= POSTS && quietUntil == Long.MAX_VALUE) quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            }
        }
        Map<String, Integer> repeated = new HashMap<>();
        perPost.forEach((k, n) -> {
            if (n != 1) repeated.put(k, n);
        });
        int total = perPost.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("[afterimage] ScheduleTickKillIT: after the restart " + perPost.size() + " posts requested, "
                + total + " committed requests");
        assertThat(perPost).as("posts with a committed recrawl request").hasSize(POSTS);
        assertThat(repeated).as("posts requested more than once").isEmpty();
    }

    private static KafkaProducer<PostKey, Capture> producer(Engines engines) {
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers());
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(pp, AfterimageSerdes.postKey().serializer(), AfterimageSerdes.capture().serializer());
    }

    private static KafkaConsumer<byte[], byte[]> reader(Engines engines, String topic, String isolation) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }
}
