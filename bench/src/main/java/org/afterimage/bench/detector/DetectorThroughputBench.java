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
 * {@code -Dstream.threads=N} gives both legs N stream threads (default 1). Two ratios are printed per round: start to
 * end (start-up, group join and changelog topic creation included) and after start-up (the rate from the first
 * commit covering 20% of the input to the end, committed offsets polled every 25 ms for both legs alike).
 */
public final class DetectorThroughputBench {
    /** The steady-state rate is measured from the first commit covering this share of the input. */
    static final double STEADY_FROM = 0.2;
    /** How often the committed offsets are polled (both legs alike). */
    static final long POLL_MS = Long.getLong("poll.ms", 25);

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
        // stream threads of BOTH legs (the pass-through gets the same): -Dstream.threads=2
        int threads = Integer.getInteger("stream.threads", 1);
        overrides.putIfAbsent("processing.threads", Integer.toString(threads));
        List<Double> ratios = new ArrayList<>();
        List<Double> steadyRatios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // pass-through: the limit on this broker with this guarantee
            String ptApp = ns + "-passthrough-" + round;
            Properties pp = new Properties();
            pp.put(StreamsConfig.APPLICATION_ID_CONFIG, ptApp);
            pp.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            pp.put(StreamsConfig.STATE_DIR_CONFIG, base.resolve("pt" + round).toString());
            pp.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            pp.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, ptCommitMs);
            pp.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
            pp.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
            StreamsBuilder b = new StreamsBuilder();
            b.stream(topics.captures(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .to(ns + ".passthrough-out", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            t = System.nanoTime();
            double[] pt2;
            double ptRunning;
            long ptCpu = cpuNanos();
            Map<String, Long> ptThreads = threadTicks();
            try (KafkaStreams pt = new KafkaStreams(b.build(), pp)) {
                java.util.concurrent.CountDownLatch up = new java.util.concurrent.CountDownLatch(1);
                pt.setStateListener((now, before) -> {
                    if (now == KafkaStreams.State.RUNNING) up.countDown();
                });
                pt.start();
                up.await(5, TimeUnit.MINUTES);
                ptRunning = (System.nanoTime() - t) / 1e9;
                pt2 = awaitProgress(bootstrap, ptApp, topics.captures(), partitions, t);
                ptThreads = since(ptThreads);
                pt.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));
            }
            ptCpu = cpuNanos() - ptCpu;
            String detApp = ns + "-detector-" + round;
            Map<String, String> o = new HashMap<>(overrides);
            o.put("applicationId", detApp);
            DetectorConfig cfg = DetectorConfig.load(Optional.empty(), o);
            t = System.nanoTime();
            double[] det2;
            double detRunning;
            long detCpu = cpuNanos();
            Map<String, Long> detThreads = threadTicks();
            Path state = base.resolve("det" + round);
            try (Detector d = Detector.start(cfg, topics, bootstrap, state)) {
                d.awaitRunning(Duration.ofMinutes(5));
                detRunning = (System.nanoTime() - t) / 1e9;
                det2 = awaitProgress(bootstrap, detApp, topics.captures(), partitions, t);
                detThreads = since(detThreads);
            }
            detCpu = cpuNanos() - detCpu;
            cpuRatios.add(ptCpu / (double) detCpu);
            double ptSecs = pt2[0];
            double detSecs = det2[0];
            long bytes = size(state);
            ratios.add(ptSecs / detSecs);
            steadyRatios.add(pt2[1] / det2[1]);
            System.out.printf("round %d (load %.2f, %d stream thread(s) each): pass-through %.1f s (%.0f /s, commit %d ms), detector %.1f s (%.0f /s, commit %d ms), ratio %.2f;"
                            + " after start-up (from %.0f%% committed): pass-through %.0f /s, detector %.0f /s, ratio %.2f%n",
                    round, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), threads,
                    ptSecs, captures / ptSecs, ptCommitMs, detSecs, captures / detSecs,
                    cfg.processing().commitInterval().toMillis(), ptSecs / detSecs,
                    STEADY_FROM * 100, captures / pt2[1], captures / det2[1], pt2[1] / det2[1]);
            System.out.printf("  RUNNING after: pass-through %.2f s, detector %.2f s (first rebalance; the detector may have processed before)%n",
                    ptRunning, detRunning);
            System.out.printf("  CPU of this JVM per leg (start to close, all threads): pass-through %.2f s (%.1f us/capture), detector %.2f s (%.1f us/capture), ratio %.2f%n",
                    ptCpu / 1e9, ptCpu / 1e3 / captures, detCpu / 1e9, detCpu / 1e3 / captures, ptCpu / (double) detCpu);
            if (Boolean.getBoolean("cpu.threads")) {
                System.out.println("  CPU by thread, start to end offset committed (/proc, native threads included): pass-through " + ptThreads);
                System.out.println("  detector " + detThreads);
            }
            System.out.printf("detector state on disk after close: %d bytes, %.0f bytes per tracked post (RocksDB)%n",
                    bytes, bytes / (double) posts);
        }
        report("ratio detector/pass-through (start to end)", ratios);
        report("ratio detector/pass-through after start-up", steadyRatios);
        report("ratio of CPU seconds pass-through/detector", cpuRatios);
    }

    /** CPU ticks of every live thread of this process, Java and native (RocksDB, GC, JIT), by tid and name. */
    static Map<String, Long> threadTicks() {
        Map<String, Long> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String name = Files.readString(task.resolve("comm")).strip();
                    out.put(task.getFileName() + " " + name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (Exception e) {
                    // the thread ended meanwhile
                }
            }
        } catch (Exception e) {
            // not Linux: no per-thread figures
        }
        return out;
    }

    /** CPU seconds per thread name (digits dropped, so pools add up) since {@code before}, largest first. */
    static Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> ms = new HashMap<>();
        threadTicks().forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) ms.merge(k.substring(k.indexOf(' ') + 1).replaceAll("[0-9]+", "#"), d * 10, Long::sum);
        });
        Map<String, Long> sorted = new java.util.LinkedHashMap<>();
        ms.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;   // milliseconds
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void report(String what, List<Double> ratios) {
        List<Double> sorted = new ArrayList<>(ratios);
        Collections.sort(sorted);
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        System.out.printf("%s over %d rounds: median %.2f, range %.2f-%.2f%n",
                what, sorted.size(), median, sorted.get(0), sorted.get(sorted.size() - 1));
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
        return awaitProgress(bootstrap, group, topic, partitions, startNanos)[0];
    }

    /**
     * {total seconds from {@code startNanos} to the end offset committed everywhere, seconds from the first commit
     * covering at least {@link #STEADY_FROM} of the input to the end}: the second leaves out start-up (group join,
     * changelog topic creation, store opening), which a long-running application pays once.
     */
    static double[] awaitProgress(String bootstrap, String group, String topic, int partitions, long startNanos) throws Exception {
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(ap)) {
            Map<TopicPartition, OffsetSpec> q = new HashMap<>();
            for (int p = 0; p < partitions; p++) q.put(new TopicPartition(topic, p), OffsetSpec.latest());
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(q).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long steadyFrom = -1;
            double steadyAt = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> c = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                long now = System.nanoTime();
                boolean done = true;
                long committed = 0;
                for (var e : end.entrySet()) {
                    OffsetAndMetadata o = c.get(e.getKey());
                    if (o == null || o.offset() < e.getValue()) done = false;
                    if (o != null) committed += Math.min(o.offset(), e.getValue());
                }
                if (steadyFrom < 0 && committed >= STEADY_FROM * total) {
                    steadyFrom = committed;
                    steadyAt = (now - startNanos) / 1e9;
                }
                if (done) {
                    double secs = (now - startNanos) / 1e9;
                    // the rate over the rest of the input, scaled to the whole input's seconds
                    double steady = steadyFrom >= total ? secs : (secs - steadyAt) * total / (double) (total - steadyFrom);
                    return new double[] {secs, steady};
                }
                Thread.sleep(POLL_MS);
            }
            throw new IllegalStateException(group + " did not finish within 10 minutes");
        }
    }

    static long size(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;   // in-memory stores: nothing on disk
        }
    }
}
