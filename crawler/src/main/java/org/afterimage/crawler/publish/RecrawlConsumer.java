package org.afterimage.crawler.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.RecrawlRequest;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.json.MalformedRecordException;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code recrawl-requests} and hands each valid request to a sink; a record that does not decode goes to
 * {@code dead-letters} with the reason and never stops the partition. Values are decoded here, not in the Kafka
 * deserializer, so one poison record cannot wedge {@code poll()}.
 *
 * <p>Offsets: a request is often due hours after it is read, so it waits in memory. A partition's offset is therefore
 * committed only up to its oldest request the sink has not yet called {@code done} for ({@link PendingOffsets}); a
 * crash or a close loses nothing, and a restart re-reads every request not yet fetched. The price is duplicates: the
 * requests after the oldest pending one are fetched again (captures are idempotent facts, a second fetch is harmless).
 */
public final class RecrawlConsumer implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecrawlConsumer.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final Sink sink;
    private final PendingOffsets pending = new PendingOffsets();
    private final CapturePublisher publisher;
    private final InstantSource clock;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public RecrawlConsumer(String bootstrapServers, Topics topics, String groupId, String clientId,
                           Sink sink, CapturePublisher publisher, InstantSource clock) {
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

    /** Where requests go. {@code done} must be called once the request is fetched and its captures acknowledged. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Takes one request. Call {@code done} (from any thread, at most once) when its captures are acknowledged by
         * Kafka, or at once when it is dropped on purpose; until then its offset, and every later one of its
         * partition, stays uncommitted.
         */
        void accept(RecrawlRequest request, Runnable done);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.recrawlRequests()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commitDone();
                    pending.forget(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    pending.forget(partitions);
                }
            });
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(500));
                boolean deadLettered = false;
                for (ConsumerRecord<byte[], byte[]> r : records) deadLettered |= handle(r);
                // dead letters must be on Kafka before the offset that dropped them is committed
                if (deadLettered) publisher.flush();
                commitDone();   // every poll, not only after records: workers finish requests read long ago
            }
        } catch (WakeupException e) {
            if (running.get()) throw e;
        } finally {
            try {
                commitDone();
            } catch (WakeupException e) {
                commitDone();   // close() raced with the loop: its wakeup hit this commit, the retry goes through
            } catch (KafkaException e) {
                log.warn("recrawl requests: final commit failed ({}); pending requests will be read again", e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void commitDone() {
        Map<TopicPartition, OffsetAndMetadata> offsets = pending.committable();
        if (offsets.isEmpty()) return;
        consumer.commitSync(offsets);
        pending.committed(offsets);
    }

    /** Requests read but not yet done (for tests and metrics). */
    public int pendingCount() {
        return pending.pending();
    }

    /** Hands one record over; true when it went to dead letters. */
    private boolean handle(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        long offset = r.offset();
        pending.read(tp, offset);
        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        try {
            RecrawlRequest req = Codecs.RECRAWL_REQUEST.decode(r.value());
            if (!req.key().toString().equals(key)) {
                throw new MalformedRecordException(MalformedRecordException.Problem.INVALID, "record key '" + abbreviate(key) + "' is not the request's post key " + req.key());
            }
            AtomicBoolean once = new AtomicBoolean();
            sink.accept(req, () -> {
                if (once.compareAndSet(false, true)) pending.done(tp, offset);
            });
            return false;
        } catch (MalformedRecordException e) {
            log.warn("recrawl request {}-{}@{} (key {}) to dead letters: {}", r.topic(), r.partition(), r.offset(), abbreviate(key), e.getMessage());
            publisher.deadLetter(new DeadLetter(r.topic(), r.partition(), r.offset(), key,
                    r.value() == null ? "" : Base64.getEncoder().encodeToString(r.value()), e.getMessage(), "crawler", clock.instant()));
            pending.done(tp, offset);
            return true;
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
