package org.afterimage.bench.detector;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.detector.topology.DetectorTopology;
import org.afterimage.detector.topology.Names;
import org.afterimage.model.Capture;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * CPU cost per capture of the detector topology without a broker (TopologyTestDriver), beside a pass-through
 * topology in the same run. Args: {@code captures posts persistent(true|false)}.
 */
public final class ProcessCostBench {
    private ProcessCostBench() {
    }

    public static void main(String[] args) throws Exception {
        int captures = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int posts = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        boolean persistent = args.length > 2 && Boolean.parseBoolean(args[2]);
        byte[][] keys = new byte[captures][];
        byte[][] values = new byte[captures][];
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < captures; i++) {
            int j = i % posts;
            int round = i / posts;
            PostKey k = PostKey.of(Platform.TELEGRAM, "bench/" + j);
            Instant at = t0.plusSeconds(60L * round).plusMillis(j);
            Capture c = j % 10 == 0 && round >= 5
                    ? Capture.of(k, "https://t.me/bench/" + j, at, FetchOutcome.gone(RemovalReason.CENSORED, new Evidence(200, "s", "m", "")))
                    : Capture.present(k, "https://t.me/bench/" + j, at, "author" + (j % 500),
                    "post " + j + " says something about the weather in town" + (j % 10 == 1 && round >= 4 ? " (edited)" : ""), t0, null);
            keys[i] = k.toString().getBytes();
            values[i] = Codecs.CAPTURE.encode(c);
        }
        for (int rep = 0; rep < 2; rep++) {
            StreamsBuilder pt = new StreamsBuilder();
            pt.stream("in", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())).to("out", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            double a = time(pt, "in", keys, values, t0);
            StreamsBuilder det = new StreamsBuilder();
            DetectorTopology.build(det, DetectorConfig.load(Optional.empty(), Map.of("processing.persistentStores", Boolean.toString(persistent))), Topics.in("b"));
            double b = time(det, "b.captures", keys, values, t0);
            System.out.printf("pass-through %.1f us/capture, detector %.1f us/capture (%s stores), ratio %.2f%n",
                    a * 1e6 / captures, b * 1e6 / captures, persistent ? "RocksDB" : "in-memory", a / b);
        }
    }

    static double time(StreamsBuilder b, String topic, byte[][] keys, byte[][] values, Instant t0) throws Exception {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "cost");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("cost").toString());
        try (TopologyTestDriver d = new TopologyTestDriver(b.build(), p, t0)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
            long t = System.nanoTime();
            for (int i = 0; i < keys.length; i++) in.pipeInput(keys[i], values[i], t0.plusMillis(i));
            double secs = (System.nanoTime() - t) / 1e9;
            if (topic.endsWith(".captures")) {
                long posts = 0;
                long bytes = 0;
                for (String store : new String[] {Names.HISTORY_STORE, Names.SCHEDULE_STORE}) {
                    org.apache.kafka.streams.state.KeyValueStore<Object, byte[]> kv = d.getKeyValueStore(store);
                    try (var it = kv.all()) {
                        while (it.hasNext()) {
                            var e = it.next();
                            bytes += e.value.length + (e.key instanceof String k ? k.getBytes().length
                                    : ((org.apache.kafka.common.utils.Bytes) e.key).get().length);
                            if (store.equals(Names.HISTORY_STORE)) posts++;
                        }
                    }
                }
                System.out.printf("logical state: %d posts, %.0f bytes per post (history value + due-list entry, keys included)%n",
                        posts, bytes / (double) Math.max(1, posts));
            }
            return secs;
        }
    }
}
