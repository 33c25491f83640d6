package org.afterimage.search.alert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.service.Filter;
import org.afterimage.search.service.FilterParser;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every subscription and every delivery state, read into memory from the two compacted topics (Kafka is the
 * store; every replica holds the whole, small, set). Writes go to Kafka and return once this replica has read them
 * back, so a client sees its own write on the next request here; other replicas see it within a poll.
 */
final class SubscriptionStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionStore.class);

    /** A subscription and its parsed filter. */
    record Entry(Subscription subscription, Filter filter) {
    }

    private final Topics topics;
    private final FilterParser parser;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Entry> subs = new ConcurrentHashMap<>();
    private final Map<String, DeliveryState> states = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    SubscriptionStore(Topics topics, String bootstrap, FilterParser parser, String clientId) {
        this.topics = topics;
        this.parser = parser;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-subscriptions");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(c);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-subscriptions-writer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        this.thread = new Thread(this::run, "afterimage-subscriptions");
        thread.setDaemon(true);
    }

    SubscriptionStore start(Duration readyTimeout) {
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : List.of(topics.subscriptions(), topics.alertDeliveries())) {
            List<PartitionInfo> infos = consumer.partitionsFor(t, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) throw new IllegalStateException("topic " + t + " missing");
            for (PartitionInfo i : infos) parts.add(new TopicPartition(t, i.partition()));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
        thread.start();
        try {
            long deadline = System.nanoTime() + readyTimeout.toNanos();
            while (!caughtUp(end)) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("subscriptions not loaded within " + readyTimeout);
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        ready.countDown();
        log.info("subscriptions loaded: {} subscriptions, {} delivery states", subs.size(), states.size());
        return this;
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (e.getValue() > 0 && positions.getOrDefault(e.getKey(), 0L) < e.getValue()) return false;
        }
        return true;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) apply(r);
                for (TopicPartition tp : consumer.assignment()) positions.put(tp, consumer.position(tp));
            }
        } catch (WakeupException e) {
            if (running) log.error("subscription reader woken up unexpectedly", e);
        } catch (RuntimeException e) {
            log.error("subscription reader stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    void apply(ConsumerRecord<byte[], byte[]> r) {
        String id = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        if (id == null) {
            log.warn("record without key at {}-{}@{} skipped", r.topic(), r.partition(), r.offset());
            return;
        }
        try {
            if (r.topic().equals(topics.subscriptions())) {
                if (r.value() == null) {
                    subs.remove(id);
                } else {
                    Subscription s = DocJson.MAPPER.readValue(r.value(), Subscription.class);
                    if (!s.id().equals(id)) throw new IllegalArgumentException("subscription " + s.id() + " under key " + id);
                    subs.put(id, new Entry(s, SubscriptionQuery.filter(parser, s.query(), s.includeHidden())));
                }
            } else if (r.value() == null) {
                states.remove(id);
            } else {
                DeliveryState s = DocJson.MAPPER.readValue(r.value(), DeliveryState.class);
                if (!s.subscriptionId().equals(id)) throw new IllegalArgumentException("state of " + s.subscriptionId() + " under key " + id);
                states.put(id, s);
            }
        } catch (IOException | RuntimeException e) {
            // a record this version cannot read must not stop every replica from loading the rest
            log.warn("unreadable record for subscription {} at {}-{}@{} skipped: {}", abbreviate(id), r.topic(),
                    r.partition(), r.offset(), e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""));
            return;
        }
        for (Consumer<String> l : listeners) {
            try {
                l.accept(id);
            } catch (RuntimeException e) {
                log.warn("subscription listener failed for {}: {}", id, e.toString());
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) : s;
    }

    void onChange(Consumer<String> l) {
        listeners.add(l);
    }

    Optional<Entry> get(String id) {
        return Optional.ofNullable(subs.get(id));
    }

    Collection<Entry> all() {
        return subs.values();
    }

    Optional<DeliveryState> state(String id) {
        return Optional.ofNullable(states.get(id));
    }

    /** Writes {@code s} and waits until this replica has read it back. */
    void put(Subscription s) {
        try {
            write(topics.subscriptions(), s.id(), DocJson.MAPPER.writeValueAsBytes(s));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes a tombstone for {@code id} (and its delivery state) and waits until this replica has read it. */
    void delete(String id) {
        write(topics.subscriptions(), id, null);
        producer.send(new ProducerRecord<>(topics.alertDeliveries(), id.getBytes(StandardCharsets.UTF_8), null));
    }

    /** Publishes a delivery state (fire and forget: the next state supersedes it). */
    void publish(DeliveryState s) {
        try {
            producer.send(new ProducerRecord<>(topics.alertDeliveries(), s.subscriptionId().getBytes(StandardCharsets.UTF_8),
                    DocJson.MAPPER.writeValueAsBytes(s)), (md, e) -> {
                        if (e != null) log.warn("delivery state of {} not published: {}", s.subscriptionId(), e.toString());
                    });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void write(String topic, String id, byte[] value) {
        try {
            RecordMetadata md = producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
            TopicPartition tp = new TopicPartition(md.topic(), md.partition());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (positions.getOrDefault(tp, 0L) <= md.offset()) {
                if (System.nanoTime() > deadline) throw new org.afterimage.search.service.BackendUnavailableException("subscription write not read back within 30 s", null);
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.afterimage.search.service.BackendUnavailableException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new org.afterimage.search.service.BackendUnavailableException("Kafka did not take the subscription: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
