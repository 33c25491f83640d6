package org.afterimage.bench.detector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.afterimage.detector.Detector;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.model.Capture;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.kafka.TopicAdmin;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Captures processed per second by the detector on a real broker, beside a pass-through topology (bytes in, bytes
 * out, same guarantee and commit interval) over the same input in the same run: the ratio is the cost of the
 * detector's work. Also reports the detector's on-disk state bytes per tracked post.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar
 * org.afterimage.bench.detector.DetectorThroughputBench 127.0.0.1:19092 100000 10000}; {@code -Drounds=N} alternates
 * N pass-through / detector pairs over the same input (median and range of the ratios); {@code -Ddetector.set=k=v,...}
 * overrides detector settings; the pass-through commits at the detector's interval unless {@code -Dpassthrough.commitMs}.
 */
public final class DetectorThroughputBench {
    private DetectorThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            // without a configuration logback logs every Kafka client at DEBUG to the console, slowing both legs
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:19092";
        int captures = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int posts = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int partitions = 4;
        String ns = "bench-detector-" + Long.toString(System.nanoTime() & 0xffffff, 36);
        Topics topics = Topics.in(ns);
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(ap)) {
            TopicAdmin.ensure(admin, topics.specs(partitions), Duration.ofSeconds(60));
            TopicAdmin.ensure(admin, List.of(new Topics.Spec(ns + ".passthrough-out", partitions, false)), Duration.ofSeconds(60));
        }
        long t = System.nanoTime();
        produce(bootstrap, topics.captures(), captures, posts);
        System.out.printf("produced %d captures over %d posts in %.1f s%n", captures, posts, (System.nanoTime() - t) / 1e9);

        Path base = Files.createTempDirectory("bench-detector");
        Map<String, String> overrides = new HashMap<>();
        // extra settings to compare: -Ddetector.set=processing.commitInterval=1s,processing.persistentStores=false
        for (String kv : System.getProperty("detector.set", "").split(",")) {
            if (kv.contains("=")) overrides.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        // the pass-through commits at the detector's interval unless told otherwise (same guarantee, same interval)
        long ptCommitMs = Long.getLong("passthrough.commitMs",
                DetectorConfig.load(Optional.empty(), overrides).processing().commitInterval().toMillis());
        int rounds = Integer.getInteger("rounds", 1);
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // pass-through: the limit on this broker with this guarantee
            String ptApp = ns + "-passthrough-" + round;
            Properties pp = new Properties();
            pp.put(StreamsConfig.APPLICATION_ID_CONFIG, ptApp);
            pp.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            pp.put(StreamsConfig.STATE_DIR_CONFIG, base.resolve("pt" + round).toString());
            pp.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            pp.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, ptCommitMs);
            pp.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
            StreamsBuilder b = new StreamsBuilder();
            b.stream(topics.captures(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .to(ns + ".passthrough-out", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            t = System.nanoTime();
            double ptSecs;
            try (KafkaStreams pt = new KafkaStreams(b.build(), pp)) {
                pt.start();
                ptSecs = awaitConsumed(bootstrap, ptApp, topics.captures(), partitions, t);
                pt.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));
            }
            String detApp = ns + "-detector-" + round;
            Map<String, String> o = new HashMap<>(overrides);
            o.put("applicationId", detApp);
            DetectorConfig cfg = DetectorConfig.load(Optional.empty(), o);
            t = System.nanoTime();
            double detSecs;
            Path state = base.resolve("det" + round);
            try (Detector d = Detector.start(cfg, topics, bootstrap, state)) {
                detSecs = awaitConsumed(bootstrap, detApp, topics.captures(), partitions, t);
            }
            long bytes = size(state);
            ratios.add(ptSecs / detSecs);
            System.out.printf("round %d (load %.2f): pass-through %.1f s (%.0f /s, commit %d ms), detector %.1f s (%.0f /s, commit %d ms), ratio %.2f%n",
                    round, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    ptSecs, captures / ptSecs, ptCommitMs, detSecs, captures / detSecs,
                    cfg.processing().commitInterval().toMillis(), ptSecs / detSecs);
            System.out.printf("detector state on disk after close: %d bytes, %.0f bytes per tracked post (RocksDB)%n",
                    bytes, bytes / (double) posts);
        }
        List<Double> sorted = new ArrayList<>(ratios);
        Collections.sort(sorted);
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        System.out.printf("ratio detector/pass-through over %d rounds: median %.2f, range %.2f-%.2f%n",
                rounds, median, sorted.get(0), sorted.get(sorted.size() - 1));
    }

    static void produce(String bootstrap, String topic, int captures, int posts) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        Instant t0 = Instant.now().minus(Duration.ofHours(2));
        try (KafkaProducer<byte[], byte[]> prod = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < captures; i++) {
                int j = i % posts;
                int round = i / posts;
                PostKey k = PostKey.of(Platform.TELEGRAM, "bench/" + j);
                Instant at = t0.plusSeconds(60L * round).plusMillis(j);
                Capture c;
                if (j % 10 == 0 && round >= 5) {
                    c = Capture.of(k, "https://t.me/bench/" + j, at, FetchOutcome.gone(RemovalReason.CENSORED, new Evidence(200, "s", "m", "")));
                } else {
                    String text = "post " + j + " says something about the weather in town" + (j % 10 == 1 && round >= 4 ? " (edited)" : "");
                    c = Capture.present(k, "https://t.me/bench/" + j, at, "author" + (j % 500), text, t0, null);
                }
                prod.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), k.toString().getBytes(), Codecs.CAPTURE.encode(c)));
            }
        }
    }

    /** Seconds from {@code startNanos} until the group has committed the end offset of every partition. */
    static double awaitConsumed(String bootstrap, String group, String topic, int partitions, long startNanos) throws Exception {
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(ap)) {
            Map<TopicPartition, OffsetSpec> q = new HashMap<>();
            for (int p = 0; p < partitions; p++) q.put(new TopicPartition(topic, p), OffsetSpec.latest());
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(q).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> c = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                boolean done = true;
                for (var e : end.entrySet()) {
                    OffsetAndMetadata o = c.get(e.getKey());
                    if (o == null || o.offset() < e.getValue()) done = false;
                }
                if (done) return (System.nanoTime() - startNanos) / 1e9;
                Thread.sleep(100);
            }
            throw new IllegalStateException(group + " did not finish within 10 minutes");
        }
    }

    static long size(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
