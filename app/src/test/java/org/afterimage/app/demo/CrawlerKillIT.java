package org.afterimage.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.afterimage.app.ComponentProcesses;
import org.afterimage.demo.ReplayPlatform;
import org.afterimage.model.Capture;
import org.afterimage.model.kafka.AfterimageSerdes;
import org.afterimage.model.kafka.Topics;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crawler ({@code afterimage crawler}, its own JVM) SIGKILLed while it archives the replay platform as fast as its
 * politeness allows, then started again on the same data directory and instance name: the WARC file it was writing
 * is closed or recovered at the restart, every WARC file reads to its end, and every capture on Kafka (what the
 * indexer indexes) points at a record that exists, with its id: nothing half-archived is ever published.
 */
@RealEngines
class CrawlerKillIT {
    private static final int PARTITIONS = 3;
    private ComponentProcesses processes;

    @TempDir
    Path dir;

    @AfterEach
    void stopAll() throws InterruptedException {
        if (processes != null) processes.close();
    }

    @Test
    void aKilledCrawlerLeavesEveryWarcReadableAndEveryReferenceTrue(Engines engines) throws Exception {
        String ns = Engines.uniqueName("crawlerkill");
        Topics topics = Topics.in(ns);
        try (ReplayPlatform replay = ReplayPlatform.start(ReplayPlatform.Options.defaults(0).withSpeed(2880))) {
            replay.play();
            // the demo's crawler section (watch the replay, its politeness); small WARC files, so several rotate
            YAMLMapper yaml = new YAMLMapper();
            Demo.Settings s = new Demo.Settings(dir, "127.0.0.1", 0, 2880, replay.port(), Optional.empty(), Optional.empty(), ns);
            ObjectNode root = (ObjectNode) yaml.readTree(Demo.config(replay, s));
            ObjectNode config = yaml.createObjectNode();
            config.set("crawler", root.get("crawler"));
            ((ObjectNode) config.get("crawler")).putObject("warc").put("rotateBytes", 256 * 1024);
            Path file = dir.resolve("afterimage.yaml");
            Files.writeString(file, yaml.writeValueAsString(config));
            processes = ComponentProcesses.withTopics(dir, engines.kafkaBootstrapServers(), engines.elasticsearchUrl(), ns, file, PARTITIONS);

            List<Capture> seen = new ArrayList<>();
            try (KafkaConsumer<byte[], Capture> captures = reader(engines, topics.captures())) {
                Process first = processes.start("crawler-1", "crawler", "crawler-0");
                processes.awaitReady(first);
                awaitArchived(captures, seen, 300);
                processes.kill(first);   // mid-stream: it archives continuously
                int atKill = seen.size();

                Process second = processes.start("crawler-2", "crawler", "crawler-0");
                processes.awaitReady(second);
                awaitArchived(captures, seen, 300);
                second.destroy();   // a clean stop this time: the producer flushes, the WARC is closed
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
                drain(captures, seen);
                System.out.printf("[afterimage] CrawlerKillIT: %d captures before the kill, %d in all%n", atKill, seen.size());
            }
            WarcChecks.Report warc = WarcChecks.check(dir.resolve("crawler-0").resolve("warc"), seen);
            String log = Files.readString(processes.log("crawler-2"));
            System.out.println("[afterimage] CrawlerKillIT: " + warc + (log.contains("recovered WARC") ? "; the restart cut a half-written record" : ""));
            assertThat(warc.problems()).as("WARC files that do not read to their end, references that do not resolve").isEmpty();
            assertThat(warc.files()).as("WARC files (rotated at 256 KiB)").isGreaterThan(1);
            assertThat(warc.refs()).isGreaterThanOrEqualTo(600);
        }
    }

    /** Reads captures until {@code n} more of them carry a WARC reference. */
    private static void awaitArchived(KafkaConsumer<byte[], Capture> c, List<Capture> seen, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        long want = seen.stream().filter(x -> x.warc() != null).count() + n;
        while (seen.stream().filter(x -> x.warc() != null).count() < want) {
            if (System.nanoTime() > deadline) throw new AssertionError("fewer than " + n + " archived captures in 180 s");
            for (var r : c.poll(Duration.ofMillis(200))) seen.add(r.value());
        }
    }

    private static void drain(KafkaConsumer<byte[], Capture> c, List<Capture> seen) {
        long quiet = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < quiet) for (var r : c.poll(Duration.ofMillis(200))) seen.add(r.value());
    }

    private static KafkaConsumer<byte[], Capture> reader(Engines engines, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), AfterimageSerdes.capture().deserializer());
        List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }
}
