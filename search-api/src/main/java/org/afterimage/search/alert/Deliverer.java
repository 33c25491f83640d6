package org.afterimage.search.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.SearchConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook delivery: one consumer group over the alerts topic (keyed by subscription id, so each subscription is
 * delivered by exactly one process at a time, in order). Each subscription has a lane (a virtual thread and a
 * queue): alerts are sent one at a time in topic order; a failed attempt is retried with exponential backoff; after
 * {@code pauseAfterFailures} consecutive failures the lane pauses (state {@code paused}, backlog kept) until
 * {@code POST /subscriptions/{id}/resume}, then sends the backlog in order. A paused lane never blocks the others.
 *
 * <p>Offsets: per partition, the committed offset is the oldest alert not yet delivered (or skipped), so a crash
 * re-reads only undelivered alerts plus a few delivered ones; the published state's offset lets a restarted lane
 * skip those. Delivery is at-least-once; receivers deduplicate on {@code Idempotency-Key}.
 */
final class Deliverer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Deliverer.class);

    private record Item(TopicPartition tp, long offset, long epoch, String alertId, byte[] body, Instant producedAt) {
    }

    /** Offsets read and not yet done on one assigned partition. */
    private static final class Track {
        final long epoch;
        final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
        volatile long next;

        Track(long epoch, long next) {
            this.epoch = epoch;
            this.next = next;
        }

        long commitOffset() {
            Long first = pending.isEmpty() ? null : pending.first();
            return first == null ? next : first;
        }
    }

    private final Topics topics;
    private final SubscriptionStore store;
    private final WebhookSender sender;
    private final SearchConfig.Webhook cfg;
    private final int maxBacklog;
    private final InstantSource clock;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Track> tracks = new ConcurrentHashMap<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong epochs = new AtomicLong();
    private final Counter sent;
    private final Counter failed;
    private final Timer delay;
    private final Thread thread;
    private volatile boolean running = true;

    Deliverer(Topics topics, String bootstrap, SearchConfig.Alerts cfg, SubscriptionStore store, WebhookSender sender,
              MeterRegistry registry, InstantSource clock) {
        this.topics = topics;
        this.store = store;
        this.sender = sender;
        this.cfg = cfg.webhook();
        this.maxBacklog = cfg.delivery().maxBacklog();
        this.clock = clock;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, cfg.delivery().groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, cfg.delivery().groupId() + "-" + ProcessHandle.current().pid());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        this.sent = Counter.builder("afterimage.alerts.sent").description("webhook alerts delivered (2xx)").register(registry);
        this.failed = Counter.builder("afterimage.alerts.failed").description("webhook attempts that failed (retried)").register(registry);
        this.delay = Timer.builder("afterimage.alerts.delay").description("event produced to alert delivered")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        Gauge.builder("afterimage.alerts.backlog", queued, AtomicLong::get).description("alerts waiting for webhook delivery").register(registry);
        this.thread = new Thread(this::run, "afterimage-alert-delivery");
        thread.setDaemon(true);
    }

    Deliverer start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topics.alerts()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> parts) {
                    commit();
                    parts.forEach(tracks::remove);   // lanes drop queued items of a revoked partition (epoch gone)
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> parts) {
                    for (TopicPartition tp : parts) tracks.put(tp, new Track(epochs.incrementAndGet(), consumer.position(tp)));
                }
            });
            long lastCommit = System.nanoTime();
            Set<TopicPartition> pausedParts = new HashSet<>();
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) take(r);
                if (System.nanoTime() - lastCommit > TimeUnit.MILLISECONDS.toNanos(500)) {
                    commit();
                    lastCommit = System.nanoTime();
                }
                if (queued.get() >= maxBacklog && pausedParts.isEmpty()) {
                    pausedParts.addAll(consumer.assignment());
                    consumer.pause(pausedParts);
                    log.warn("webhook backlog at {} alerts: reading the alerts topic paused", queued.get());
                } else if (!pausedParts.isEmpty() && queued.get() < maxBacklog / 2) {
                    consumer.resume(pausedParts);
                    pausedParts.clear();
                }
            }
            commit();
        } catch (WakeupException e) {
            if (running) log.error("alert delivery woken up unexpectedly", e);
            commit();
        } catch (RuntimeException e) {
            log.error("alert delivery stopped: {}", e.toString(), e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("consumer close: {}", e.toString());
            }
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Track track = tracks.get(tp);
        if (track == null) return;
        track.next = r.offset() + 1;
        Alert a;
        try {
            a = Alert.parse(r.value());
        } catch (IllegalArgumentException e) {
            log.warn("alert at {}@{} skipped: {}", tp, r.offset(), e.getMessage());
            return;
        }
        var entry = store.get(a.subscriptionId());
        if (entry.isEmpty() || entry.get().subscription().webhook() == null) return;   // deleted, or SSE/Atom only
        var st = store.state(a.subscriptionId());
        if (st.isPresent() && st.get().partition() == r.partition() && st.get().offset() >= r.offset()) return;   // sent before
        track.pending.add(r.offset());
        queued.incrementAndGet();
        lanes.computeIfAbsent(a.subscriptionId(), Lane::new).add(new Item(tp, r.offset(), track.epoch, a.alertId(), r.value(), a.producedAt()));
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        tracks.forEach((tp, t) -> offsets.put(tp, new OffsetAndMetadata(t.commitOffset())));
        if (offsets.isEmpty()) return;
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            log.warn("alert offsets not committed ({}); they will be re-read and deduplicated", e.toString());
        }
    }

    private void done(Item it) {
        Track t = tracks.get(it.tp());
        if (t != null && t.epoch == it.epoch()) t.pending.remove(it.offset());
        queued.decrementAndGet();
    }

    /** Current state of {@code id} as this process sees it, if it delivers it. */
    java.util.Optional<DeliveryState> localState(String id) {
        Lane l = lanes.get(id);
        return l == null ? java.util.Optional.empty() : java.util.Optional.of(l.state());
    }

    /** One subscription's ordered delivery. */
    private final class Lane {
        private final String id;
        private final LinkedBlockingDeque<Item> queue = new LinkedBlockingDeque<>();
        private volatile DeliveryState state;
        private long lastPublish;

        Lane(String id) {
            this.id = id;
            long gen = store.get(id).map(e -> e.subscription().resumeGeneration()).orElse(0L);
            DeliveryState s = store.state(id).orElse(DeliveryState.initial(id, gen));
            this.state = s;
            Thread.ofVirtual().name("afterimage-webhook-" + id).start(this::loop);
        }

        void add(Item it) {
            queue.add(it);
        }

        DeliveryState state() {
            DeliveryState s = state;
            return with(s, s.status(), queue.size());
        }

        private DeliveryState with(DeliveryState s, String status, long backlog) {
            return new DeliveryState(id, status, s.lastSuccess(), s.lastError(), s.lastErrorAt(), backlog, s.delivered(),
                    s.failedAttempts(), s.consecutiveFailures(), s.partition(), s.offset(), s.resumeGeneration(), clock.instant());
        }

        private void loop() {
            while (running) {
                try {
                    step();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.error("webhook lane {} error: {}", id, e.toString(), e);
                    sleep(1000);
                }
            }
        }

        private void step() throws InterruptedException {
            Item it = queue.pollFirst(500, TimeUnit.MILLISECONDS);
            if (it == null) {
                if (System.currentTimeMillis() - lastPublish > 1000 && state.backlog() != 0) publish(with(state, state.status(), 0));
                return;
            }
            Track t = tracks.get(it.tp());
            if (t == null || t.epoch != it.epoch()) {   // partition revoked: its new owner delivers it
                queued.decrementAndGet();
                return;
            }
            var entry = store.get(id);
            if (entry.isEmpty() || entry.get().subscription().webhook() == null) {   // deleted meanwhile: nothing to deliver
                done(it);
                return;
            }
            Subscription sub = entry.get().subscription();
            if (DeliveryState.PAUSED.equals(state.status())) {
                if (sub.resumeGeneration() > state.resumeGeneration()) {
                    state = new DeliveryState(id, DeliveryState.ACTIVE, state.lastSuccess(), state.lastError(), state.lastErrorAt(),
                            queue.size() + 1, state.delivered(), state.failedAttempts(), 0, state.partition(), state.offset(),
                            sub.resumeGeneration(), clock.instant());
                    log.info("webhook of subscription {} resumed with {} alerts waiting", id, queue.size() + 1);
                    publish(state);
                } else {
                    queue.addFirst(it);
                    if (state.backlog() != queue.size()) publish(with(state, DeliveryState.PAUSED, queue.size()));
                    sleep(250);
                    return;
                }
            }
            WebhookSender.Result r = sender.send(sub.webhook(), it.alertId(), it.body());
            switch (r) {
                case WebhookSender.Result.Delivered d -> {
                    Instant now = clock.instant();
                    state = new DeliveryState(id, DeliveryState.ACTIVE, now, state.lastError(), state.lastErrorAt(), queue.size(),
                            state.delivered() + 1, state.failedAttempts(), 0, it.tp().partition(), it.offset(),
                            Math.max(state.resumeGeneration(), sub.resumeGeneration()), now);
                    sent.increment();
                    delay.record(Math.max(0, now.toEpochMilli() - it.producedAt().toEpochMilli()), TimeUnit.MILLISECONDS);
                    done(it);
                    if (queue.isEmpty() || System.currentTimeMillis() - lastPublish > 250) publish(state);
                }
                case WebhookSender.Result.Failed f -> {
                    failed.increment();
                    int n = state.consecutiveFailures() + 1;
                    boolean pause = n >= cfg.pauseAfterFailures();
                    Instant now = clock.instant();
                    state = new DeliveryState(id, pause ? DeliveryState.PAUSED : DeliveryState.ACTIVE, state.lastSuccess(), f.reason(),
                            now, queue.size() + 1, state.delivered(), state.failedAttempts() + 1, n, state.partition(), state.offset(),
                            Math.max(state.resumeGeneration(), sub.resumeGeneration()), now);
                    queue.addFirst(it);
                    if (pause) {
                        log.warn("webhook of subscription {} paused after {} failed attempts: {}", id, n, f.reason());
                        publish(state);
                    } else {
                        log.info("webhook of subscription {} failed (attempt {}): {}", id, n, f.reason());
                        if (n == 1 || System.currentTimeMillis() - lastPublish > 1000) publish(state);
                        sleep(backoff(n));
                    }
                }
            }
        }

        private long backoff(int failures) {
            double d = cfg.retryInitialMillis() * Math.pow(2, Math.min(30, failures - 1));
            return (long) Math.min(cfg.retryMaxMillis(), d);
        }

        private void publish(DeliveryState s) {
            state = s;
            lastPublish = System.currentTimeMillis();
            store.publish(s);
        }

        private void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Lanes of this process (for tests and metrics). */
    List<String> laneIds() {
        return new ArrayList<>(lanes.keySet());
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
