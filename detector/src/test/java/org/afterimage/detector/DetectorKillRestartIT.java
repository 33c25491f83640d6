package org.afterimage.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.afterimage.model.Capture;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.UnreachableCause;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.kafka.TopicAdmin;
import org.afterimage.model.kafka.Topics;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * 100,000 captures over 10,000 posts with scripted removals, edits, lone 404s, transient errors and restorations,
 * through the detector running in its own JVM, which is killed (SIGKILL, no close) mid-stream and restarted:
 * every scripted event must appear exactly once on {@code events} (read_committed), and nothing else.
 */
@RealEngines
class DetectorKillRestartIT {
    static final int POSTS = 10_000;
    static final int ROUNDS = 10;
    static final int PARTITIONS = 4;

    @Test
    void everyScriptedEventExactlyOnceAcrossAKill(Engines engines) throws Exception {
        String ns = Engines.uniqueName("detector-kill");
        Topics topics = Topics.in(ns);
        String bootstrap = engines.kafkaBootstrapServers();
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(ap)) {
            TopicAdmin.ensure(admin, topics, PARTITIONS, Duration.ofSeconds(60));
        }
        Path state = Files.createTempDirectory(Path.of("target"), "kill-it-state");
        String appId = ns + "-app";
        Instant t0 = Instant.now().minus(Duration.ofHours(3));
        Map<String, String> expected = expectedEvents();

        long started = System.nanoTime();
        Process first = launch(bootstrap, ns, appId, state, "first");
        AtomicLong produced = new AtomicLong();
        Thread producer = new Thread(() -> produceAll(bootstrap, topics, t0, produced), "it-producer");
        producer.start();

        Map<String, Integer> seen = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> events = consumer(bootstrap, topics.events())) {
            // let the first detector get well into the stream, then kill it without any goodbye
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (seen.values().stream().mapToInt(Integer::intValue).sum() < 800 && System.nanoTime() < deadline) {
                poll(events, seen, unexpected);
            }
            int atKill = seen.values().stream().mapToInt(Integer::intValue).sum();
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            System.out.printf("killed the detector after %d events, %d captures produced%n", atKill, produced.get());
            assertThat(atKill).as("events before the kill").isGreaterThan(0).isLessThan(expected.size());

            Process second = launch(bootstrap, ns, appId, state, "second");
            try {
                producer.join(TimeUnit.MINUTES.toMillis(5));
                assertThat(produced.get()).isEqualTo((long) POSTS * ROUNDS);
                deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
                while (System.nanoTime() < deadline) {
                    poll(events, seen, unexpected);
                    if (seen.size() >= expected.size() && lag(bootstrap, appId, topics.captures()) == 0) break;
                }
                // a last look for stragglers or duplicates after the input is fully consumed
                long quiet = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < quiet) poll(events, seen, unexpected);
            } finally {
                second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        double secs = (System.nanoTime() - started) / 1e9;
        System.out.printf("%d captures, %d events in %.1f s including a kill and a restart (%.0f captures/s)%n",
                POSTS * ROUNDS, seen.size(), secs, POSTS * ROUNDS / secs);
        assertThat(unexpected).as("events that were not scripted").isEmpty();
        Map<String, Integer> dups = new TreeMap<>();
        seen.forEach((k, v) -> {
            if (v != 1) dups.put(k, v);
        });
        assertThat(dups).as("events seen more than once").isEmpty();
        Set<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(seen.keySet());
        assertThat(missing).as("scripted events not seen").isEmpty();
        try (KafkaConsumer<byte[], byte[]> letters = consumer(bootstrap, topics.deadLetters())) {
            assertThat(letters.poll(Duration.ofSeconds(3)).count()).as("dead letters").isZero();
        }
    }

    /** eventId -> type, for the script in {@link #capture}. */
    static Map<String, String> expectedEvents() {
        Map<String, String> out = new HashMap<>();
        for (int j = 0; j < POSTS; j++) {
            PostKey k = key(j);
            switch (j % 10) {
                case 0 -> out.put(PostEvent.idFor(k, 2), "removal");
                case 1 -> out.put(PostEvent.idFor(k, 2), "alteration");
                case 3 -> {
                    out.put(PostEvent.idFor(k, 2), "removal");
                    out.put(PostEvent.idFor(k, 3), "restoration");
                }
                default -> {
                }
            }
        }
        return out;
    }

    static PostKey key(int j) {
        return PostKey.of(Platform.TELEGRAM, "chan/" + j);
    }

    /** Capture number {@code i} of post {@code j}. */
    static Capture capture(int j, int i, Instant t0) {
        PostKey k = key(j);
        String url = "https://t.me/chan/" + j;
        Instant at = t0.plus(Duration.ofMinutes(10L * i)).plusMillis(j);
        String text = "post " + j + " says something about the weather in town";
        FetchOutcome notFound = FetchOutcome.gone(RemovalReason.NOT_FOUND, new Evidence(404, "http:404", "", ""));
        return switch (j % 10) {
            case 0 -> i >= 6 ? Capture.of(k, url, at, FetchOutcome.gone(RemovalReason.CENSORED,
                    new Evidence(200, "telegram:blocked", "This channel can't be displayed", ""))) : present(k, url, at, text, t0);
            case 1 -> present(k, url, at, i >= 4 ? text + " (corrected)" : text, t0);
            case 2 -> i == 3 ? Capture.of(k, url, at, notFound) : present(k, url, at, text, t0);
            case 3 -> i == 5 || i == 6 ? Capture.of(k, url, at, notFound) : present(k, url, at, text, t0);
            case 4 -> i >= 2 && i <= 4 ? Capture.of(k, url, at, FetchOutcome.unreachable(UnreachableCause.TIMEOUT, "timeout"))
                    : present(k, url, at, text, t0);
            case 5 -> present(k, url, at, i % 2 == 0 ? text : "  " + text.replace(" ", "   ") + "\u200B ", t0);
            default -> present(k, url, at, text, t0);
        };
    }

    private static Capture present(PostKey k, String url, Instant at, String text, Instant published) {
        return Capture.present(k, url, at, "author" + (k.hashCode() % 50), text, published, null);
    }

    private static void produceAll(String bootstrap, Topics topics, Instant t0, AtomicLong produced) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> prod = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < ROUNDS; i++) {
                for (int j = 0; j < POSTS; j++) {
                    Capture c = capture(j, i, t0);
                    prod.send(new ProducerRecord<>(topics.captures(), null, c.fetchedAt().toEpochMilli(),
                            c.key().toString().getBytes(), Codecs.CAPTURE.encode(c)));
                    produced.incrementAndGet();
                }
                prod.flush();
                if (i == 3) sleep(3000);   // let the detector catch up a little, so the kill lands mid-stream
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void poll(KafkaConsumer<byte[], byte[]> c, Map<String, Integer> seen, List<String> unexpected) {
        Map<String, String> expected = EXPECTED;
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
            PostEvent e = Codecs.EVENT.decode(r.value());
            seen.merge(e.eventId(), 1, Integer::sum);
            if (!e.type().equals(expected.get(e.eventId()))) unexpected.add(e.eventId() + " " + e.type());
        }
    }

    private static final Map<String, String> EXPECTED = expectedEvents();

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /** Captures not yet committed by the detector's group. */
    private static long lag(String bootstrap, String group, String topic) throws Exception {
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(ap)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> q = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) q.put(new TopicPartition(topic, p), OffsetSpec.latest());
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(q).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }

    private static Process launch(String bootstrap, String ns, String appId, Path state, String name) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        if (!cp.contains(File.pathSeparator) && System.getProperty("java.class.path").contains(File.pathSeparator)) {
            cp = System.getProperty("java.class.path");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = List.of(java.toString(), "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", cp, DetectorProcessMain.class.getName(), bootstrap, ns, appId, state.toString(), "it-detector-0");
        Path log = Path.of("target", "kill-it-" + name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("RUNNING")) return p;
            if (!p.isAlive()) throw new IllegalStateException("detector " + name + " died: " + Files.readString(log));
            Thread.sleep(200);
        }
        throw new IllegalStateException("detector " + name + " not running after 2 min: " + Files.readString(log));
    }
}
