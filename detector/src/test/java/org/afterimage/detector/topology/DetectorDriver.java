package org.afterimage.detector.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.detector.history.PostHistory;
import org.afterimage.detector.history.StateCodec;
import org.afterimage.model.Capture;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.PostRecord;
import org.afterimage.model.RecrawlRequest;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.kafka.AfterimageSerdes;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The real topology on a {@link TopologyTestDriver}, a fresh state dir per instance, typed in/out helpers. */
final class DetectorDriver implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final Topics topics = Topics.in("t");
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> captures;
    final TestOutputTopic<PostKey, PostEvent> events;
    final TestOutputTopic<PostKey, PostRecord> posts;
    final TestOutputTopic<PostKey, RecrawlRequest> requests;
    final TestOutputTopic<String, DeadLetter> letters;
    final Path stateDir;
    Instant now = T0;

    DetectorDriver() {
        this(Map.of());
    }

    DetectorDriver(Map<String, String> overrides) {
        DetectorConfig cfg = DetectorConfig.load(Optional.empty(), overrides);
        try {
            stateDir = Files.createTempDirectory("detector-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StreamsBuilder b = new StreamsBuilder();
        DetectorTopology.build(b, cfg, topics);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "detector-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(b.build(), p, T0);
        captures = driver.createInputTopic(topics.captures(), new ByteArraySerializer(), new ByteArraySerializer());
        events = driver.createOutputTopic(topics.events(), AfterimageSerdes.postKey().deserializer(), AfterimageSerdes.event().deserializer());
        posts = driver.createOutputTopic(topics.posts(), AfterimageSerdes.postKey().deserializer(), AfterimageSerdes.post().deserializer());
        requests = driver.createOutputTopic(topics.recrawlRequests(), AfterimageSerdes.postKey().deserializer(),
                AfterimageSerdes.recrawlRequest().deserializer());
        letters = driver.createOutputTopic(topics.deadLetters(), Serdes.String().deserializer(), AfterimageSerdes.deadLetter().deserializer());
    }

    /** Pipes {@code c} with its fetch time as the record timestamp. */
    void capture(Capture c) {
        captures.pipeInput(c.key().toString().getBytes(), Codecs.CAPTURE.encode(c), c.fetchedAt());
    }

    void raw(byte[] key, byte[] value) {
        captures.pipeInput(key, value, now);
    }

    /** Advances the wall clock in tick-sized steps (one punctuation per step). */
    void advance(Duration d, Duration step) {
        Instant end = now.plus(d);
        while (now.isBefore(end)) {
            Duration s = Duration.between(now, end).compareTo(step) < 0 ? Duration.between(now, end) : step;
            driver.advanceWallClockTime(s);
            now = now.plus(s);
        }
    }

    Optional<PostHistory> history(PostKey key) {
        KeyValueStore<String, byte[]> s = driver.getKeyValueStore(Names.HISTORY_STORE);
        return Optional.ofNullable(StateCodec.HISTORY.decodeOrNull(s.get(key.toString())));
    }

    long scheduleEntries() {
        KeyValueStore<Bytes, byte[]> s = driver.getKeyValueStore(Names.SCHEDULE_STORE);
        long n = 0;
        try (var it = s.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    List<PostEvent> events() {
        return new ArrayList<>(events.readValuesToList());
    }

    @Override
    public void close() {
        driver.close();
        try (var walk = Files.walk(stateDir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir; best effort
        }
    }
}
