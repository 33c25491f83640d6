package org.afterimage.search.index;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.afterimage.model.Capture;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.PostRecord;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.SearchConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * Consumes {@code posts} (compacted), {@code events} and {@code captures} (time, outcome and WARC location of each
 * fetch) and writes them to Elasticsearch in bulks.
 *
 * <p>One bulk is in flight at a time, on a thread of its own, while the consumer thread polls and decodes the next
 * batch; the next bulk starts only after the previous one succeeded and its offsets were committed.
 *
 * <p>Guarantees: offsets are committed only after every op of the batch is written (or parked in dead letters);
 * documents carry the record's {@code seq} as external version, so a redelivered or older record never overwrites
 * a newer one; a tombstone deletes the post document. When Elasticsearch is down or answers 429, the bulk is retried
 * with exponential backoff (Resilience4j); when the retries run out the consumer seeks back to the batch start
 * (= the committed offsets) and reads it again, so nothing is lost and, being keyed and versioned, nothing doubles.
 */
public final class IndexerLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IndexerLoop.class);

    private final Topics topics;
    private final String postsTarget;
    private final String eventsTarget;
    private final String capturesTarget;
    private final BulkSink sink;
    private final InstantSource clock;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Properties producerProps;
    private KafkaProducer<byte[], byte[]> deadLetters;
    private final Retry retry;
    private final Thread thread;
    /** One bulk at a time runs here, so the consumer thread polls and decodes the next batch meanwhile. */
    private final ExecutorService bulkThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "afterimage-indexer-bulk");
        t.setDaemon(true);
        return t;
    });
    private InFlight inFlight;
    private volatile boolean running = true;
    /** Alert matching: told of each written batch of events before its offsets are committed. */
    private volatile EventsIndexed eventsListener;
    /** Privacy: records of redacted posts, authors and hosts are turned into deletes (never indexed). */
    private volatile RecordFilter redacted;

    private final AtomicLong lag = new AtomicLong(-1);
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final Counter docs;
    private final Counter failures;
    private final Counter dead;
    private final Timer bulkTimer;

    public IndexerLoop(SearchConfig.IndexerSettings s, Topics topics, String bootstrapServers, IndexLayout layout,
                       BulkSink sink, MeterRegistry registry, InstantSource clock) {
        this(s, topics, bootstrapServers, layout.postsAlias(), layout.eventsAlias(), layout.capturesAlias(), sink, registry, clock);
    }

    /** An indexer writing to explicit indices (or aliases): {@code afterimage reindex} fills new indices this way. */
    public IndexerLoop(SearchConfig.IndexerSettings s, Topics topics, String bootstrapServers, String postsTarget,
                       String eventsTarget, String capturesTarget, BulkSink sink, MeterRegistry registry, InstantSource clock) {
        this.topics = topics;
        this.postsTarget = postsTarget;
        this.eventsTarget = eventsTarget;
        this.capturesTarget = capturesTarget;
        this.sink = sink;
        this.clock = clock;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, s.groupId() + "-" + ProcessHandle.current().pid());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, s.maxPollRecords());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // let one poll fill a whole bulk: post records carry every version's text, often over 1 KB
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        this.producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);

        this.retry = Retry.of("es-bulk", RetryConfig.custom()
                .maxAttempts(s.retryAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(s.retryInitialMillis(), 2.0, s.retryMaxMillis()))
                .retryExceptions(IOException.class)
                .build());
        this.docs = Counter.builder("afterimage.indexer.docs").description("documents written").register(registry);
        this.failures = Counter.builder("afterimage.indexer.bulk.failures").description("bulk attempts that failed (retried)").register(registry);
        this.dead = Counter.builder("afterimage.indexer.dead.letters").description("records parked in dead letters").register(registry);
        this.bulkTimer = Timer.builder("afterimage.indexer.bulk").description("bulk latency").register(registry);
        Gauge.builder("afterimage.indexer.lag", lag, a -> Math.max(0, a.get())).description("records behind the topic ends").register(registry);
        retry.getEventPublisher().onRetry(e -> {
            failures.increment();
            log.warn("bulk failed (attempt {}), retrying in {}: {}", e.getNumberOfRetryAttempts(),
                    e.getWaitInterval(), e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage());
        });
        this.thread = new Thread(this::run, "afterimage-indexer");
        thread.setDaemon(true);
    }

    /** Sets who is told of each written batch of events (call before {@link #start()}). */
    /** Sets the privacy filter: a record it drops deletes its document instead of writing it (call before {@link #start()}). */
    public IndexerLoop filter(RecordFilter f) {
        this.redacted = f;
        return this;
    }

    public IndexerLoop onEventsIndexed(EventsIndexed listener) {
        this.eventsListener = listener;
        return this;
    }

    public IndexerLoop start() {
        thread.start();
        return this;
    }

    /** Records still to index on the assigned partitions (-1 until the first poll). */
    public long lag() {
        return lag.get();
    }

    /** Documents written (or deleted) since start. */
    public long indexed() {
        return indexed.get();
    }

    /** Batches committed since start. */
    public long batches() {
        return batches.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topics.posts(), topics.events(), topics.captures()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // finish and commit what is in flight while we still own its partitions
                    if (inFlight != null && !complete()) {
                        log.warn("in-flight bulk failed during a rebalance; its records will be re-read by their new owner");
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            while (running) {
                ConsumerRecords<byte[], byte[]> recs = consumer.poll(Duration.ofMillis(inFlight == null ? 200 : 0));
                if (!recs.isEmpty()) {
                    Batch next = prepare(recs);
                    Map<TopicPartition, Long> from = inFlight == null ? null : inFlight.batch().first();
                    if (inFlight != null && !complete()) {
                        // the bulk before failed for good: re-read it and this one, each partition from the earlier
                        // of the two first offsets (seeking to the later one would skip the failed records)
                        Map<TopicPartition, Long> earliest = new HashMap<>(next.first());
                        from.forEach((tp, off) -> earliest.merge(tp, off, Math::min));
                        seekBack(earliest);
                        continue;
                    }
                    submit(next);
                } else if (inFlight != null) {
                    complete();
                }
                updateLag();
            }
            if (inFlight != null) complete();
        } catch (WakeupException e) {
            if (running) log.error("indexer woken up unexpectedly", e);
            if (inFlight != null) complete();
        } catch (RuntimeException e) {
            log.error("indexer stopped: {}", e.toString(), e);
        } finally {
            bulkThread.shutdownNow();
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("consumer close: {}", e.toString());
            }
            if (deadLetters != null) deadLetters.close(Duration.ofSeconds(5));
        }
    }

    private record Pending(IndexOp op, ConsumerRecord<byte[], byte[]> source) {
    }

    /** One poll's worth of work: its ops, what it parks, and the offsets it starts at and commits. */
    private record Batch(List<Pending> ops, List<DeadLetter> parked, Map<TopicPartition, Long> first,
                         Map<TopicPartition, OffsetAndMetadata> commit, int records) {
    }

    private record InFlight(Batch batch, Future<?> result) {
    }

    /** Decodes a poll into ops (on the consumer thread, while the previous bulk runs on the bulk thread). */
    Batch prepare(ConsumerRecords<byte[], byte[]> recs) {
        Map<TopicPartition, Long> first = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        // last op per document wins inside a batch: a key lives in one partition, so this keeps offset order
        LinkedHashMap<String, Pending> ops = new LinkedHashMap<>();
        List<DeadLetter> parked = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : recs) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            first.putIfAbsent(tp, r.offset());
            commit.put(tp, new OffsetAndMetadata(r.offset() + 1));
            try {
                IndexOp op = toOp(r);
                RecordFilter rf = redacted;
                if (rf != null && op instanceof IndexOp.Upsert u && rf.drops(u.doc().path("key").asText(null),
                        u.doc().path("author").asText(null), u.doc().path("url").asText(null))) {
                    op = new IndexOp.Delete(op.index(), op.id());
                }
                String k = op.index() + '\u0000' + op.id();
                ops.remove(k);
                ops.put(k, new Pending(op, r));
            } catch (RuntimeException e) {
                parked.add(deadLetter(r, e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return new Batch(new ArrayList<>(ops.values()), parked, first, commit, recs.count());
    }

    private void submit(Batch b) {
        inFlight = new InFlight(b, bulkThread.submit(() -> {
            write(b);
            return null;
        }));
    }

    /**
     * Waits for the in-flight bulk; on success parks its dead letters and commits its offsets. On failure (retries
     * exhausted) seeks back to its first offsets. Returns whether it succeeded.
     */
    private boolean complete() {
        InFlight f = inFlight;
        inFlight = null;
        try {
            f.result().get();
            notifyEvents(f.batch());
            publish(f.batch().parked());
            consumer.commitSync(f.batch().commit());
            batches.incrementAndGet();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            seekBack(f.batch().first());
            return false;
        } catch (WakeupException e) {
            seekBack(f.batch().first());
            throw e;
        } catch (Exception e) {
            Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            failures.increment();
            log.warn("batch of {} records not written ({}); re-reading from the committed offsets", f.batch().records(), c.toString());
            seekBack(f.batch().first());
            return false;
        }
    }

    private void notifyEvents(Batch b) throws Exception {
        EventsIndexed l = eventsListener;
        if (l == null) return;
        List<EventsIndexed.Event> events = new ArrayList<>();
        for (Pending p : b.ops()) {
            if (p.op() instanceof IndexOp.Upsert u && u.index().equals(eventsTarget)) {
                events.add(new EventsIndexed.Event(u.id(), u.doc(), java.time.Instant.ofEpochMilli(p.source().timestamp())));
            }
        }
        if (!events.isEmpty()) l.indexed(events);
    }

    /** Seeks every partition of {@code also} and of the failed batch back to the earliest uncommitted offset. */
    private void seekBack(Map<TopicPartition, Long> also) {
        also.forEach((tp, off) -> {
            if (consumer.assignment().contains(tp)) consumer.seek(tp, off);
        });
    }

    /** Writes one batch with backoff (bulk thread). Rejected ops join the batch's dead letters. */
    private void write(Batch b) throws Exception {
        List<Pending> todo = new ArrayList<>(b.ops());
        try {
            writeWithRetry(b, todo);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    private void writeWithRetry(Batch b, List<Pending> todo) throws Throwable {
        retry.executeCheckedSupplier(() -> {
            if (todo.isEmpty()) return null;
            List<Pending> next = new ArrayList<>();
            long t0 = System.nanoTime();
            BulkSink.Outcome out = sink.write(todo.stream().map(Pending::op).toList());
            bulkTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            int err = 0;
            for (int i = 0; i < todo.size(); i++) {
                switch (out.results().get(i)) {
                    case DONE -> {
                        indexed.incrementAndGet();
                        docs.increment();
                    }
                    case RETRY -> next.add(todo.get(i));
                    case REJECTED -> b.parked().add(deadLetter(todo.get(i).source(),
                            err < out.errors().size() ? out.errors().get(err) : "rejected by Elasticsearch"));
                }
                if (out.results().get(i) != BulkSink.Result.DONE) err++;
            }
            todo.clear();
            todo.addAll(next);
            if (!todo.isEmpty()) throw new IOException(todo.size() + " items rejected for now (429/5xx): "
                    + (out.errors().isEmpty() ? "" : out.errors().get(0)));
            return null;
        });
    }

    IndexOp toOp(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) throw new IllegalArgumentException("record without a key");
        PostKey key = PostKey.parse(new String(r.key(), StandardCharsets.UTF_8));
        if (r.topic().equals(topics.posts())) {
            if (r.value() == null) return new IndexOp.Delete(postsTarget, key.toString());
            PostRecord rec = Codecs.POST.decode(r.value());
            if (!rec.key().equals(key)) throw new IllegalArgumentException("record key " + rec.key() + " under Kafka key " + key);
            return new IndexOp.Upsert(postsTarget, key.toString(), rec.seq(), Docs.post(rec, r.value()));
        }
        if (r.topic().equals(topics.captures())) {
            if (r.value() == null) throw new IllegalArgumentException("null value on the captures topic");
            Capture c = Codecs.CAPTURE.decode(r.value());
            if (!c.key().equals(key)) throw new IllegalArgumentException("capture key " + c.key() + " under Kafka key " + key);
            // captures never change: version 1, so a redelivery is a version conflict, i.e. done
            return new IndexOp.Upsert(capturesTarget, Docs.captureId(c), 1, Docs.capture(c));
        }
        if (r.value() == null) throw new IllegalArgumentException("null value on the events topic");
        PostEvent ev = Codecs.EVENT.decode(r.value());
        if (!ev.key().equals(key)) throw new IllegalArgumentException("event key " + ev.key() + " under Kafka key " + key);
        return new IndexOp.Upsert(eventsTarget, ev.eventId(), ev.seq(), Docs.event(ev, r.value()));
    }

    private DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> r, String error) {
        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        String value = r.value() == null ? "" : Base64.getEncoder().encodeToString(r.value());
        log.warn("dead letter {}-{}@{} key {}: {}", r.topic(), r.partition(), r.offset(),
                key.length() > 100 ? key.substring(0, 100) : key, error);
        return new DeadLetter(r.topic(), r.partition(), r.offset(), key, value,
                error.length() > 2000 ? error.substring(0, 2000) : error, "indexer", clock.instant());
    }

    private void publish(List<DeadLetter> parked) throws Exception {
        if (parked.isEmpty()) return;
        if (deadLetters == null) deadLetters = new KafkaProducer<>(producerProps);
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (DeadLetter d : parked) {
            byte[] k = d.key().isEmpty() ? null : d.key().getBytes(StandardCharsets.UTF_8);
            sent.add(deadLetters.send(new ProducerRecord<>(topics.deadLetters(), k, Codecs.DEAD_LETTER.encode(d))));
        }
        for (var f : sent) f.get(30, TimeUnit.SECONDS);
        dead.increment(parked.size());
    }

    private void updateLag() {
        long sum = 0;
        boolean any = false;
        for (TopicPartition tp : consumer.assignment()) {
            var l = consumer.currentLag(tp);
            if (l.isPresent()) {
                sum += l.getAsLong();
                any = true;
            }
        }
        if (any || !consumer.assignment().isEmpty()) lag.set(any ? sum : lag.get());
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
