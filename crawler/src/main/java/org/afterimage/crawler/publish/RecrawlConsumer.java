package org.afterimage.crawler.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.RecrawlRequest;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.json.MalformedRecordException;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code recrawl-requests} and hands each valid request to a sink; a record that does not decode goes to
 * {@code dead-letters} with the reason and never stops the partition. Values are decoded here, not in the Kafka
 * deserializer, so one poison record cannot wedge {@code poll()}. Offsets are committed after each batch is handed
 * over: a crash may hand a batch over twice (captures are idempotent facts, a second fetch is harmless).
 */
public final class RecrawlConsumer implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecrawlConsumer.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final Consumer<RecrawlRequest> sink;
    private final CapturePublisher publisher;
    private final InstantSource clock;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public RecrawlConsumer(String bootstrapServers, Topics topics, String groupId, String clientId,
                           Consumer<RecrawlRequest> sink, CapturePublisher publisher, InstantSource clock) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.sink = sink;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.recrawlRequests()));
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) handle(r);
                if (!records.isEmpty()) consumer.commitSync();
            }
        } catch (WakeupException e) {
            if (running.get()) throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        try {
            RecrawlRequest req = Codecs.RECRAWL_REQUEST.decode(r.value());
            if (!req.key().toString().equals(key)) {
                throw new MalformedRecordException(MalformedRecordException.Problem.INVALID, "record key '" + abbreviate(key) + "' is not the request's post key " + req.key());
            }
            sink.accept(req);
        } catch (MalformedRecordException e) {
            log.warn("recrawl request {}-{}@{} (key {}) to dead letters: {}", r.topic(), r.partition(), r.offset(), abbreviate(key), e.getMessage());
            publisher.deadLetter(new DeadLetter(r.topic(), r.partition(), r.offset(), key,
                    r.value() == null ? "" : Base64.getEncoder().encodeToString(r.value()), e.getMessage(), "crawler", clock.instant()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
