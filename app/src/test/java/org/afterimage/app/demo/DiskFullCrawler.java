package org.afterimage.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.afterimage.crawler.Crawler;
import org.afterimage.crawler.CrawlerConfig;
import org.afterimage.demo.ReplayPlatform;
import org.afterimage.model.Capture;
import org.afterimage.model.kafka.AfterimageSerdes;
import org.afterimage.model.kafka.TopicAdmin;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The crawler process of {@code DiskFullIT}, run by it inside {@code unshare --user --map-root-user --mount} with its
 * data directory on a 24 MiB tmpfs: a real file system that fills up. Arguments: data dir, Kafka bootstrap, topic
 * namespace. It crawls the replay platform through three phases and prints one JSON line of findings (prefixed
 * {@code RESULT }) for the test to judge:
 *
 * <ol>
 *   <li><b>guard</b>: a ballast file leaves 4 MiB free and {@code warc.minFreeBytes} is 3.75 MiB: archiving stops at
 *       the guard with a clear message, captures keep flowing without a WARC reference;</li>
 *   <li><b>full</b>: the ballast grows until almost nothing is free and a second crawler runs with the guard off,
 *       so WARC writes meet a real {@code ENOSPC} in the middle of records;</li>
 *   <li><b>freed</b>: the ballast is deleted; archiving resumes without a restart.</li>
 * </ol>
 * Then every WARC file is read to its end and every capture's WARC reference is resolved.
 */
public final class DiskFullCrawler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIB = 1 << 20;

    private DiskFullCrawler() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String kafka = args[1];
        Topics topics = Topics.in(args[2]);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            TopicAdmin.ensure(admin, topics, 1, Duration.ofSeconds(60));
        }
        ObjectNode result = JSON.createObjectNode();
        Path ballast = data.resolve("ballast");
        Path crawlerData = data.resolve("crawler");
        try (ReplayPlatform replay = ReplayPlatform.start(ReplayPlatform.Options.defaults(0).withSpeed(2880));
             KafkaConsumer<byte[], Capture> captures = reader(kafka, topics.captures())) {
            replay.play();
            Demo.Settings s = new Demo.Settings(data, "127.0.0.1", 0, 2880, replay.port(), Optional.empty(), Optional.empty(), args[2]);
            List<Capture> seen = new ArrayList<>();

            // 1. the guard: archiving stops at warc.minFreeBytes, with a clear message
            fillUntilFree(data, ballast, 4 * MIB);
            result.put("freeAtStartMiB", free(data) / (double) MIB);
            try (Crawler a = Crawler.start(config(replay, s, 4 * MIB - 256 * 1024), topics, kafka, crawlerData)) {
                awaitCaptures(captures, seen, c -> c.warc() == null && c.outcome() instanceof org.afterimage.model.FetchOutcome.Present, 5, "guard", data);
            }
            drain(captures, seen);   // the first crawler's last captures, so the next phase counts only its own
            result.put("guardArchived", seen.stream().filter(c -> c.warc() != null).count());
            result.put("guardNotArchived", seen.stream().filter(c -> c.warc() == null).count());
            result.put("freeAfterGuardMiB", free(data) / (double) MIB);

            // 2. a really full disk, guard off: writes fail with ENOSPC mid-record
            int before = seen.size();
            fillUntilFree(data, ballast, 16 * 1024);
            try (Crawler b = Crawler.start(config(replay, s, 0), topics, kafka, crawlerData)) {
                awaitCaptures(captures, seen, c -> c.warc() == null && c.outcome() instanceof org.afterimage.model.FetchOutcome.Present, 5, "full", data);
                result.put("fullCaptures", seen.size() - before);
                result.put("fullNotArchived", seen.subList(before, seen.size()).stream().filter(c -> c.warc() == null).count());
                result.put("freeWhenFullKiB", free(data) / 1024.0);

                // 3. space freed: archiving resumes in the same process
                Files.delete(ballast);
                int freedFrom = seen.size();
                awaitCaptures(captures, seen, c -> c.warc() != null, 5, "freed", data);
                result.put("freedArchived", seen.subList(freedFrom, seen.size()).stream().filter(c -> c.warc() != null).count());
            }
            drain(captures, seen);

            // every file reads to its end; every reference resolves to its record
            WarcChecks.Report warc = WarcChecks.check(crawlerData.resolve("warc"), seen);
            result.put("captures", seen.size());
            result.put("warcFiles", warc.files());
            result.put("emptyWarcFiles", warc.emptyFiles());
            result.put("warcRecords", warc.records());
            result.put("warcRefs", warc.refs());
            result.set("problems", JSON.valueToTree(warc.problems()));
        }
        System.out.println("RESULT " + result);
        System.out.flush();
        System.exit(0);   // the replay's and clients' threads would otherwise keep the JVM up
    }

    /** The demo's crawler section (watch the replay, its rewrites and politeness) with the given guard. */
    private static CrawlerConfig config(ReplayPlatform replay, Demo.Settings s, long minFreeBytes) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode root = (ObjectNode) yaml.readTree(Demo.config(replay, s));
        ObjectNode crawler = (ObjectNode) root.get("crawler");
        crawler.putObject("warc").put("minFreeBytes", minFreeBytes).put("rotateBytes", 1 << 20);
        return CrawlerConfig.fromYaml(yaml.writeValueAsString(crawler));
    }

    private static long free(Path p) throws IOException {
        return Files.getFileStore(p).getUsableSpace();
    }

    /** Appends zeros to the ballast until the file system has at most {@code target} bytes free. */
    private static void fillUntilFree(Path data, Path ballast, long target) throws IOException {
        try (OutputStream out = Files.newOutputStream(ballast, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            byte[] chunk = new byte[4096];
            while (free(data) > target) {
                out.write(chunk, 0, (int) Math.min(chunk.length, free(data) - target));
                out.flush();
            }
        }
    }

    private static void awaitCaptures(KafkaConsumer<byte[], Capture> c, List<Capture> seen, Predicate<Capture> want, int n, String phase,
                                      Path data) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int from = seen.size();
        while (System.nanoTime() < deadline) {
            for (var r : c.poll(Duration.ofMillis(200))) seen.add(r.value());
            if (seen.subList(from, seen.size()).stream().filter(want).count() >= n) return;
        }
        throw new IllegalStateException("phase " + phase + ": fewer than " + n + " wanted captures in 120 s (" + (seen.size() - from) + " captures, "
                + seen.subList(from, seen.size()).stream().filter(x -> x.warc() != null).count() + " archived, " + free(data) + " bytes free)");
    }

    private static void drain(KafkaConsumer<byte[], Capture> c, List<Capture> seen) {
        long quiet = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < quiet) for (var r : c.poll(Duration.ofMillis(200))) seen.add(r.value());
    }

    private static KafkaConsumer<byte[], Capture> reader(String kafka, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var c = new KafkaConsumer<>(props, new org.apache.kafka.common.serialization.ByteArrayDeserializer(), AfterimageSerdes.capture().deserializer());
        List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }
}
