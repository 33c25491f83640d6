package org.afterimage.search.alert;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts as every API replica sees them, for SSE and Atom: each replica reads the whole alerts topic (no
 * consumer group), starting a little before the end so that the recent alerts of each subscription are there
 * after a restart. Keeps the last {@code recent} alerts per subscription (duplicates by alert id dropped) and hands
 * each new alert to the open SSE streams of its subscription.
 */
final class AlertFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertFeed.class);
    /** A stream's queue is bounded: a client that stops reading is cut off rather than growing memory. */
    static final int STREAM_QUEUE = 10_000;

    private final Topics topics;
    private final int recent;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, ArrayDeque<Alert>> recentBySub = new ConcurrentHashMap<>();
    private final Map<String, Set<Stream>> streams = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** One open SSE stream. */
    final class Stream implements AutoCloseable {
        final String subscriptionId;
        final BlockingQueue<Alert> queue = new LinkedBlockingQueue<>(STREAM_QUEUE);
        volatile boolean overflowed;

        Stream(String subscriptionId) {
            this.subscriptionId = subscriptionId;
        }

        @Override
        public void close() {
            Set<Stream> s = streams.get(subscriptionId);
            if (s != null) s.remove(this);
        }
    }

    AlertFeed(Topics topics, String bootstrap, int recent, String clientId) {
        this.topics = topics;
        this.recent = recent;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-alert-feed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        this.thread = new Thread(this::run, "afterimage-alert-feed");
        thread.setDaemon(true);
    }

    /** Starts reading {@code replayPerPartition} records before the end of each partition. */
    AlertFeed start(long replayPerPartition) {
        List<TopicPartition> parts = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(topics.alerts(), Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) throw new IllegalStateException("topic " + topics.alerts() + " missing");
        for (PartitionInfo i : infos) parts.add(new TopicPartition(topics.alerts(), i.partition()));
        consumer.assign(parts);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, Duration.ofSeconds(30));
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
        for (TopicPartition tp : parts) consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - replayPerPartition));
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    try {
                        add(Alert.parse(r.value()));
                    } catch (IllegalArgumentException e) {
                        log.warn("alert at {}-{}@{} skipped: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) log.error("alert feed woken up unexpectedly", e);
        } catch (RuntimeException e) {
            log.error("alert feed stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    void add(Alert a) {
        ArrayDeque<Alert> d = recentBySub.computeIfAbsent(a.subscriptionId(), k -> new ArrayDeque<>());
        synchronized (d) {
            for (Alert x : d) if (x.alertId().equals(a.alertId())) return;   // a re-matched event: same alert
            d.addLast(a);
            while (d.size() > recent) d.removeFirst();
        }
        for (Stream s : streams.getOrDefault(a.subscriptionId(), Set.of())) {
            if (!s.queue.offer(a)) s.overflowed = true;
        }
    }

    /** The recent alerts of {@code id}, oldest first. */
    List<Alert> recent(String id) {
        ArrayDeque<Alert> d = recentBySub.get(id);
        if (d == null) return List.of();
        synchronized (d) {
            return List.copyOf(d);
        }
    }

    /** Opens a stream; alerts arriving from now on are queued on it (register before reading {@link #recent}). */
    Stream open(String id) {
        Stream s = new Stream(id);
        streams.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(s);
        return s;
    }

    void forget(String id) {
        recentBySub.remove(id);
    }

    boolean running() {
        return running;
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
    }
}
