package org.afterimage.search.privacy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.javalin.config.JavalinConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.afterimage.model.PostKey;
import org.afterimage.model.Redaction;
import org.afterimage.model.WarcRef;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.auth.Gatekeeper;
import org.afterimage.search.auth.KeyStore;
import org.afterimage.search.index.IndexLayout;
import org.afterimage.search.index.RecordFilter;
import org.afterimage.search.service.WarcStore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The privacy duties (front door of package {@code privacy}); started by {@code SearchApi} and {@code Indexer}.
 *
 * <p><b>Redaction</b> ({@link #redact}): the redaction is written to the compacted {@code <ns>.redactions} topic
 * (durable list + audit log; also logged as one structured line, logger {@code org.afterimage.search.privacy.audit}), then every
 * document of the post (or of each post of the author or host) is deleted from the posts, events and captures
 * indices and a tombstone is written to the compacted posts topic. An author or host redaction also writes one
 * key redaction per post found (with {@code via} naming the author/host), so captures (which carry no author) are
 * dropped on replay by key. Redacting the same target again changes nothing but re-runs the deletes (idempotent).
 * There is no un-redaction.
 *
 * <p><b>Indexing</b> ({@link #filter()}): the indexer drops every record of a redacted key, author or host and
 * deletes its document instead; a post newly seen from a redacted author or host is redacted by key in the
 * background (same reason, {@code via} the author/host).
 *
 * <p><b>Opt-out</b>: at start, each opted-out account ({@code platform:account}) and host without a redaction yet
 * gets one with reason {@code opt-out} (by {@code system:opt-out}).
 *
 * <p><b>Retention</b> (only where the indexer runs): every {@code privacy.retentionCheckSeconds}, posts removed as
 * {@code DELETED_BY_AUTHOR} before now minus {@code privacy.selfDeletedRetention} are redacted with reason
 * {@code retention} (by {@code system:retention}). The archive has no public-figure notion: every author counts as
 * an ordinary user.
 */
public final class PrivacyService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PrivacyService.class);
    /** The audit trail in the log (the topic is the durable one). */
    private static final Logger audit = LoggerFactory.getLogger("org.afterimage.search.privacy.audit");
    static final String OPT_OUT = "opt-out";
    static final String RETENTION = "retention";

    /** The crawler's opt-out list ({@code crawler.optOut}): hosts and {@code platform:account} entries. */
    public record OptOut(List<String> hosts, List<String> accounts) {
        public static final OptOut NONE = new OptOut(List.of(), List.of());

        public OptOut {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
            accounts = accounts == null ? List.of() : List.copyOf(accounts);
        }
    }

    /** What {@link #redact} did. */
    public record Outcome(Redaction redaction, boolean created, List<PostKey> posts, long documentsDeleted) {
    }

    private final RedactionLog redactions;
    private final Redactor redactor;
    private final KafkaProducer<byte[], byte[]> producer;
    private final InstantSource clock;
    private final RetentionPolicy retention;
    private final ScheduledExecutorService jobs;
    /** Keys the indexer dropped because of their author or host, waiting for their own key redaction. */
    private final Set<String> pendingKeys = ConcurrentHashMap.newKeySet();
    /** target -> reason/via of the redaction that made the indexer drop a key (for the derived key redaction). */
    private final java.util.Map<String, Redaction> pendingVia = new ConcurrentHashMap<>();
    private final AtomicBoolean optOutDone = new AtomicBoolean();
    private final OptOut optOut;

    private PrivacyService(RedactionLog redactions, Redactor redactor, KafkaProducer<byte[], byte[]> producer,
                           InstantSource clock, RetentionPolicy retention, OptOut optOut, ScheduledExecutorService jobs) {
        this.redactions = redactions;
        this.redactor = redactor;
        this.producer = producer;
        this.clock = clock;
        this.retention = retention;
        this.optOut = optOut;
        this.jobs = jobs;
    }

    /**
     * Loads the redactions topic (creating it if missing) and applies the opt-out list. With {@code indexerJobs}
     * (the process runs the indexer) it also follows new redactions from other processes with a second purge (closes
     * the race with a record indexed just before), redacts newly seen posts of redacted authors/hosts, and runs
     * retention.
     */
    public static PrivacyService start(SearchConfig config, Topics topics, String kafkaBootstrapServers, ElasticsearchClient es,
                                       IndexLayout layout, OptOut optOut, InstantSource clock, boolean indexerJobs) {
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        RedactionLog rl = RedactionLog.open(topics, kafkaBootstrapServers, Duration.ofSeconds(60));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
        ScheduledExecutorService jobs = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "afterimage-privacy");
            t.setDaemon(true);
            return t;
        });
        PrivacyService s = new PrivacyService(rl, new Redactor(es, layout, producer, topics), producer, clock,
                new RetentionPolicy(config.privacy().selfDeletedRetentionDuration()), optOut, jobs);
        if (indexerJobs) {
            rl.onNew(r -> {
                if (r.key() != null) jobs.execute(() -> s.safely("purge " + r.target(), () -> s.redactor.purge(List.of(r.key()))));
            });
            jobs.scheduleWithFixedDelay(() -> s.safely("derived redactions", s::drainPending), 2, 2, TimeUnit.SECONDS);
            int every = config.privacy().retentionCheckSeconds();
            if (s.retention.horizon().isPresent()) {
                jobs.scheduleWithFixedDelay(() -> s.safely("retention", s::runRetention), 1, every, TimeUnit.SECONDS);
            }
        }
        // opt-out: now, and again every 30 s until it succeeded once (Elasticsearch may still be starting)
        jobs.scheduleWithFixedDelay(() -> {
            if (!s.optOutDone.get()) s.safely("opt-out", () -> {
                s.runOptOut();
                s.optOutDone.set(true);
            });
        }, 0, 30, TimeUnit.SECONDS);
        return s;
    }

    private void safely(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("privacy job '{}' failed (will retry): {}", what, e.toString());
        }
    }

    /** The filter the indexer applies before writing (see the class comment). */
    public RecordFilter filter() {
        return (key, author, url) -> {
            RedactionMatcher m = redactions.matcher();
            RedactionMatcher.Match match = m.match(key, author, url);
            if (match == RedactionMatcher.Match.NONE) return pendingKeys.contains(key);
            if (match != RedactionMatcher.Match.KEY && !pendingKeys.contains(key)) {
                Redaction c = cause(key, author, url);
                if (c != null) pendingVia.put(key, c);
                pendingKeys.add(key);
            }
            return true;
        };
    }

    /** The redaction (author or host) that matched, for the derived key redaction's reason and via. */
    private Redaction cause(String key, String author, String url) {
        for (Redaction r : redactions.all()) {
            if (r.key() != null) continue;
            if (RedactionMatcher.of(List.of(r)).match(key, author, url) != RedactionMatcher.Match.NONE) return r;
        }
        return null;
    }

    private void drainPending() {
        for (String k : List.copyOf(pendingKeys)) {
            Redaction via = pendingVia.get(k);
            if (via == null) continue;
            PostKey key = PostKey.parse(k);
            redactKey(key, via.reason(), via.by(), via.target());
            pendingKeys.remove(k);
            pendingVia.remove(k);
        }
    }

    /** Whether {@code key} is redacted (by key, or by an author matching its key). */
    public boolean isRedacted(PostKey key) {
        return redactions.matcher().match(key.toString(), null, null) != RedactionMatcher.Match.NONE;
    }

    /** The key redaction of {@code key}, if there is one (it carries the withheld WARC records). */
    public Optional<Redaction> keyRedaction(PostKey key) {
        return redactions.get("key:" + key);
    }

    /** Every redaction, oldest first (the audit log as this process knows it). */
    public List<Redaction> list() {
        return redactions.all();
    }

    /**
     * Redacts what {@code request} names (its {@code at} is when it was asked); idempotent.
     *
     * @throws org.afterimage.search.service.BackendUnavailableException when Kafka or Elasticsearch fail; the
     *         redaction may then be recorded but not yet applied: asking again finishes it
     */
    public Outcome redact(Redaction request) {
        if (request.key() != null) {
            List<WarcRef> warcs = redactions.get(request.target()).isPresent() ? List.of() : redactor.warcsOf(request.key());
            Redaction r = new Redaction(request.key(), null, null, request.reason(), request.by(), request.at(), request.via(), warcs);
            RedactionLog.Appended a = redactions.appendIfAbsent(r);
            if (a.created()) auditLog(a.redaction());
            long n = redactor.purge(List.of(request.key()));
            return new Outcome(a.redaction(), a.created(), List.of(request.key()), n);
        }
        RedactionLog.Appended a = redactions.appendIfAbsent(request);
        if (a.created()) auditLog(a.redaction());
        Collection<PostKey> keys = request.author() != null ? redactor.keysOfAuthor(request.author()) : redactor.keysOfHost(request.host());
        List<PostKey> done = new ArrayList<>();
        long n = 0;
        for (PostKey k : keys) {
            n += redactKey(k, a.redaction().reason(), a.redaction().by(), a.redaction().target()).documentsDeleted();
            done.add(k);
        }
        return new Outcome(a.redaction(), a.created(), done, n);
    }

    private Outcome redactKey(PostKey key, String reason, String by, String via) {
        return redact(Redaction.ofKey(key, reason, by, clock.instant(), via, List.of()));
    }

    private void auditLog(Redaction r) {
        audit.info("redaction target={} reason=\"{}\" by=\"{}\" at={} via={} withheldWarcs={}", r.target(),
                r.reason().replace("\"", "'").replace('\n', ' '), r.by(), r.at(), r.via().isEmpty() ? "-" : r.via(), r.withheldWarcs().size());
    }

    /** Redacts each opted-out account and host that has no redaction yet. Returns how many it redacted. */
    int runOptOut() {
        int n = 0;
        for (String a : optOut.accounts()) {
            Redaction r = Redaction.ofAuthor(a, OPT_OUT, "system:opt-out", clock.instant());
            if (redactions.get(r.target()).isEmpty()) {
                redact(r);
                n++;
            }
        }
        for (String h : optOut.hosts()) {
            Redaction r = Redaction.ofHost(h, OPT_OUT, "system:opt-out", clock.instant());
            if (redactions.get(r.target()).isEmpty()) {
                redact(r);
                n++;
            }
        }
        if (n > 0) log.info("opt-out: redacted {} accounts/hosts", n);
        return n;
    }

    /** Whether the opt-out list has been applied since start. */
    public boolean optOutApplied() {
        return optOutDone.get();
    }

    /** Purges the self-deleted posts past the horizon now; returns how many. */
    public int runRetention() {
        Optional<java.time.Instant> cutoff = retention.cutoff(clock.instant());
        if (cutoff.isEmpty()) return 0;
        int n = 0;
        for (PostKey k : redactor.selfDeletedBefore(cutoff.get())) {
            redactKey(k, RETENTION, "system:retention", "");
            n++;
        }
        if (n > 0) log.info("retention: purged {} self-deleted posts removed before {}", n, cutoff.get());
        return n;
    }

    /** Registers {@code POST/GET /api/v1/redactions} and the WARC withholding on {@code cfg}. */
    public void register(JavalinConfig cfg, Gatekeeper gate, KeyStore keys, WarcStore warcs, int maxBodyBytes) {
        new PrivacyRoutes(this, gate, keys, warcs, clock, maxBodyBytes).register(cfg);
    }

    @Override
    public void close() {
        jobs.shutdownNow();
        try {
            jobs.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redactions.close();
        producer.close(Duration.ofSeconds(5));
    }
}
