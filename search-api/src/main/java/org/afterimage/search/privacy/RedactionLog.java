package org.afterimage.search.privacy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.afterimage.model.Redaction;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.json.MalformedRecordException;
import org.afterimage.model.kafka.TopicAdmin;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redactions topic read into memory and followed live: loaded from the beginning at start (nothing is served or
 * indexed before that), then a thread applies new records as they come (from this process or another). Appending
 * waits until the broker has the record ({@code acks=all}), so a redaction that was answered 201 is durable.
 *
 * <p>Hostile or broken records on the topic (not JSON, wrong schema, a tombstone) are logged and skipped: they can
 * neither crash the reader nor un-redact anything.
 */
final class RedactionLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedactionLog.class);

    private final Topics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final TopicPartition tp;
    private final Map<String, Redaction> byTarget = new LinkedHashMap<>();
    private volatile RedactionMatcher matcher = RedactionMatcher.EMPTY;
    private final List<Consumer<Redaction>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private RedactionLog(Topics topics, String bootstrap) {
        this.topics = topics;
        this.tp = new TopicPartition(topics.redactions(), 0);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(c);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        this.thread = new Thread(this::follow, "afterimage-redactions");
        thread.setDaemon(true);
    }

    /** Creates the topic if missing, reads it to its end, then follows it on a thread of its own. */
    static RedactionLog open(Topics topics, String bootstrap, Duration timeout) {
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(a)) {
            TopicAdmin.ensure(admin, List.of(topics.redactionsSpec()), timeout);
        }
        RedactionLog l = new RedactionLog(topics, bootstrap);
        try {
            l.load(timeout);
        } catch (RuntimeException e) {
            l.close();
            throw e;
        }
        l.thread.start();
        return l;
    }

    private void load(Duration timeout) {
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(tp, timeout) < end) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("redactions topic not read to its end within " + timeout);
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) apply(r, false);
        }
        log.info("loaded {} redactions from {}", size(), topics.redactions());
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) apply(r, true);
            }
        } catch (WakeupException e) {
            if (running) log.error("redactions reader woken up unexpectedly", e);
        } catch (RuntimeException e) {
            log.error("redactions reader stopped: {}", e.toString(), e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("consumer close: {}", e.toString());
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r, boolean live) {
        if (r.value() == null) {
            log.warn("ignoring a tombstone on {} at offset {}: redactions cannot be undone", r.topic(), r.offset());
            return;
        }
        Redaction red;
        try {
            red = Codecs.REDACTION.decode(r.value());
        } catch (MalformedRecordException e) {
            log.warn("skipping malformed redaction at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        if (add(red) && live) {
            for (Consumer<Redaction> l : listeners) {
                try {
                    l.accept(red);
                } catch (RuntimeException e) {
                    log.warn("redaction listener failed for {}: {}", red.target(), e.toString());
                }
            }
        }
    }

    /** Adds {@code r} unless its target is there; returns whether it was new. */
    private synchronized boolean add(Redaction r) {
        if (byTarget.containsKey(r.target())) return false;
        byTarget.put(r.target(), r);
        matcher = RedactionMatcher.of(byTarget.values());
        notifyAll();
        return true;
    }

    /** Told of each redaction first seen live (not those loaded at start, nor those appended by this process). */
    void onNew(Consumer<Redaction> l) {
        listeners.add(l);
    }

    RedactionMatcher matcher() {
        return matcher;
    }

    synchronized Optional<Redaction> get(String target) {
        return Optional.ofNullable(byTarget.get(target));
    }

    synchronized int size() {
        return byTarget.size();
    }

    /** Every redaction, oldest first. */
    synchronized List<Redaction> all() {
        List<Redaction> out = new ArrayList<>(byTarget.values());
        out.sort(Comparator.comparing(Redaction::at).thenComparing(Redaction::target));
        return out;
    }

    /**
     * Writes {@code r} unless its target is redacted already (then returns the existing one: redaction is idempotent
     * and the first record, the audit entry, is kept). Returns the redaction in force and whether it is new.
     */
    synchronized Appended appendIfAbsent(Redaction r) {
        Redaction existing = byTarget.get(r.target());
        if (existing != null) return new Appended(existing, false);
        try {
            producer.send(new ProducerRecord<>(topics.redactions(), r.target().getBytes(StandardCharsets.UTF_8),
                    Codecs.REDACTION.encode(r))).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a redaction", e);
        } catch (Exception e) {
            throw new org.afterimage.search.service.BackendUnavailableException("Kafka did not take the redaction: " + e.getMessage(), e);
        }
        add(r);
        return new Appended(r, true);
    }

    record Appended(Redaction redaction, boolean created) {
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (thread.isAlive()) thread.join(10_000);
            else consumer.close(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("close: {}", e.toString());
        }
        producer.close(Duration.ofSeconds(5));
    }
}
