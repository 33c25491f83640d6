package org.afterimage.detector;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.afterimage.detector.topology.DetectorTopology;
import org.afterimage.model.kafka.TopicAdmin;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's front door: a running Kafka Streams application over the captures topic.
 *
 * <pre>{@code
 * try (Detector d = Detector.start(DetectorConfig.defaults(), Topics.DEFAULT, "localhost:9092", Path.of("data/detector"))) {
 *     d.awaitRunning(Duration.ofSeconds(60));
 *     ...
 * }
 * }</pre>
 *
 * <p>Traps: the input topic must exist before {@link #start} ({@link #ensureTopics} creates all five). Each process
 * needs its own state directory. {@link #close} leaves the group so a restart gets its partitions back at once; a
 * crash (no close) is covered by static membership when {@code instanceId} is set. Java 24+ needs
 * {@code --enable-native-access=ALL-UNNAMED} for RocksDB.
 */
public final class Detector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Detector.class);

    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);

    private Detector(Topology topology, Properties props) {
        this.streams = new KafkaStreams(topology, props);
        streams.setStateListener((now, before) -> {
            log.info("detector {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) running.countDown();
        });
        streams.setUncaughtExceptionHandler(e -> {
            log.error("detector stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /** Starts the detector; returns at once (see {@link #awaitRunning}). */
    public static Detector start(DetectorConfig config, Topics topics, String bootstrapServers, Path stateDir) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(topics, "topics");
        StreamsBuilder builder = new StreamsBuilder();
        DetectorTopology.build(builder, config, topics);
        Properties p = properties(config, bootstrapServers, stateDir);
        Topology topology = builder.build(p);
        Detector d = new Detector(topology, p);
        log.info("starting detector {} on {} (topics {}, state {})", config.applicationId(), bootstrapServers,
                topics.namespace(), stateDir);
        d.streams.start();
        return d;
    }

    /** The Kafka Streams properties the detector runs with. */
    public static Properties properties(DetectorConfig config, String bootstrapServers, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.processing().standbyReplicas());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.processing().threads());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.processing().commitInterval().toMillis());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, config.processing().cacheMiB() * 1024L * 1024L);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        if (!config.instanceId().isBlank()) {
            p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.instanceId());
        }
        return p;
    }

    /** Creates the five topics if missing ({@code partitions} each, dead letters one) and waits until writable. */
    public static void ensureTopics(String bootstrapServers, Topics topics, int partitions, Duration timeout) {
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(a)) {
            TopicAdmin.ensure(admin, topics, partitions, timeout);
        }
    }

    /** Waits until the application is RUNNING (its tasks assigned and restored). */
    public boolean awaitRunning(Duration timeout) {
        try {
            return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Leaves the group (so a restart is not kept waiting) and stops; idempotent. */
    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }

    /**
     * {@code afterimage detector}: runs until the JVM is stopped. Options: {@code --bootstrap-servers H:P} (else
     * {@code KAFKA_BOOTSTRAP_SERVERS}), {@code --state-dir DIR} (default {@code data/detector}), {@code --config FILE},
     * {@code --namespace NS} (default {@code afterimage}), {@code --partitions N} (for missing topics, default 6),
     * {@code --set key=value} (repeatable).
     *
     * @return 0 after a clean stop, 2 for bad arguments or configuration
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        Path stateDir = Path.of("data", "detector");
        Optional<Path> file = Optional.empty();
        String namespace = "afterimage";
        int partitions = 6;
        Map<String, String> overrides = new LinkedHashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--bootstrap-servers" -> bootstrap = need(a, v);
                    case "--state-dir" -> stateDir = Path.of(need(a, v));
                    case "--config" -> file = Optional.of(Path.of(need(a, v)));
                    case "--namespace" -> namespace = need(a, v);
                    case "--partitions" -> partitions = Integer.parseInt(need(a, v));
                    case "--set" -> {
                        String kv = need(a, v);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) throw new IllegalArgumentException("--set needs key=value, got '" + kv + "'");
                        overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
                i++;
            }
            DetectorConfig cfg = DetectorConfig.load(file, overrides);
            Topics topics = Topics.in(namespace);
            ensureTopics(bootstrap, topics, partitions, Duration.ofSeconds(60));
            CountDownLatch stop = new CountDownLatch(1);
            try (Detector d = start(cfg, topics, bootstrap, stateDir)) {
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "detector-shutdown"));
                out.println("detector started: " + cfg.applicationId() + " on " + bootstrap);
                stop.await();
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("afterimage detector: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String need(String option, String value) {
        if (value == null) throw new IllegalArgumentException(option + " needs a value");
        return value;
    }
}
