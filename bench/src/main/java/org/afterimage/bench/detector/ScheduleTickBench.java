package org.afterimage.bench.detector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.detector.history.PostHistory;
import org.afterimage.detector.history.StateCodec;
import org.afterimage.detector.schedule.DueKey;
import org.afterimage.detector.topology.DetectorTopology;
import org.afterimage.detector.topology.Names;
import org.afterimage.model.Platform;
import org.afterimage.model.PostStatus;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The cost of one schedule tick that finds 1,000 posts due, with 10,000 and with 1,000,000 posts tracked (persistent
 * stores, as in production). The due list is time-ordered, so the two should cost the same.
 *
 * <p>Run: {@code java -Xmx3g --enable-native-access=ALL-UNNAMED -cp benchmarks.jar
 * org.afterimage.bench.detector.ScheduleTickBench 10000 1000000}: the history in RocksDB, the due list in memory (the
 * defaults); {@code -Ddetector.set=processing.dueListInMemory=false} measures a RocksDB due list.
 */
public final class ScheduleTickBench {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final int DUE = 1000;
    static final int TICKS = 30;

    private ScheduleTickBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {10_000, 1_000_000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        double base = -1;
        for (int n : sizes) {
            double ms = run(n);
            if (base < 0) base = ms;
            System.out.printf("tracked %,d posts: median tick with %d due = %.2f ms (%.2fx the first size)%n", n, DUE, ms, ms / base);
        }
    }

    static double run(int tracked) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "schedule.budgets.default", Integer.toString(DUE), "schedule.tick", "1s", "schedule.pullForward", "0s",
                "processing.persistentStores", "true"));
        // -Ddetector.set=processing.dueListInMemory=true,... as in DetectorThroughputBench
        for (String kv : System.getProperty("detector.set", "").split(",")) {
            if (kv.contains("=")) settings.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        DetectorConfig cfg = DetectorConfig.load(Optional.empty(), settings);
        Topics topics = Topics.in("bench");
        StreamsBuilder b = new StreamsBuilder();
        DetectorTopology.build(b, cfg, topics);
        Path dir = Files.createTempDirectory("tick-bench");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "tick-bench");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        try (TopologyTestDriver d = new TopologyTestDriver(b.build(), p, T0)) {
            KeyValueStore<String, byte[]> history = d.getKeyValueStore(Names.HISTORY_STORE);
            KeyValueStore<Bytes, byte[]> schedule = d.getKeyValueStore(Names.SCHEDULE_STORE);
            List<TestOutputTopic<byte[], byte[]>> drains = List.of(
                    d.createOutputTopic("tick-bench-" + Names.HISTORY_STORE + "-changelog", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()),
                    d.createOutputTopic("tick-bench-" + Names.SCHEDULE_STORE + "-changelog", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()));
            long now = T0.toEpochMilli();
            long far = now + Duration.ofDays(10).toMillis();
            // the tracked posts, all due in the future (spread over ten days)
            for (int i = 0; i < tracked; i++) {
                long due = far + (i % 100_000) * 1000L;
                put(history, schedule, "weibo:t" + i, now, due);
                if (i % 100_000 == 99_999) drain(drains);
            }
            drain(drains);
            double[] ms = new double[TICKS];
            Instant clock = T0;
            for (int k = 0; k < TICKS; k++) {
                long tickAt = clock.plusSeconds(1).toEpochMilli();
                for (int i = 0; i < DUE; i++) put(history, schedule, "weibo:d" + k + "-" + i, now, tickAt - 1 - i);
                long t = System.nanoTime();
                d.advanceWallClockTime(Duration.ofSeconds(1));
                ms[k] = (System.nanoTime() - t) / 1e6;
                clock = clock.plusSeconds(1);
                drain(drains);
                d.createOutputTopic(topics.recrawlRequests(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()).readRecordsToList();
            }
            Arrays.sort(ms);
            return ms[TICKS / 2];
        }
    }

    static void put(KeyValueStore<String, byte[]> history, KeyValueStore<Bytes, byte[]> schedule, String key, long seen, long due) {
        PostHistory h = new PostHistory("https://weibo.example/" + key, "a", seen, seen, seen, seen, PostStatus.LIVE,
                List.of(new PostHistory.Version("sha256:00", "text", seen, seen)), null, List.of(), "present", 0, 0, 1, 1, due, 1.0);
        history.put(key, StateCodec.HISTORY.encode(h));
        schedule.put(DueKey.of(Platform.WEIBO, due, key), DueKey.value(DueKey.Purpose.SCHEDULED, 1));
    }

    static void drain(List<TestOutputTopic<byte[], byte[]>> drains) {
        for (TestOutputTopic<byte[], byte[]> t : drains) t.readRecordsToList();
    }
}
