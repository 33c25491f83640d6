package org.afterimage.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.index.EsBulkSink;
import org.afterimage.search.index.IndexLayout;
import org.afterimage.search.index.IndexerLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexer alone ({@code afterimage indexer}): consumes {@code posts} and {@code events} into Elasticsearch.
 * Creates the indices and aliases if missing (waiting up to {@code startTimeout} for Elasticsearch), then runs on a
 * thread of its own until closed. The topics must exist (the app creates them with {@code TopicAdmin}).
 *
 * <p>Safe to run as several instances with the same group id (partitions are shared) and to kill at any point:
 * it resumes from the committed offsets; writes are versioned and keyed, so a replay changes nothing.
 */
public final class Indexer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Indexer.class);
    private final ElasticsearchClient es;
    private final IndexerLoop loop;
    private final org.afterimage.search.alert.Alerts.Matching matching;
    /** Redactions, opt-out and retention (set right after construction). */
    private org.afterimage.search.privacy.PrivacyService privacy;

    private Indexer(ElasticsearchClient es, IndexerLoop loop, org.afterimage.search.alert.Alerts.Matching matching) {
        this.es = es;
        this.loop = loop;
        this.matching = matching;
    }

    /** Starts an indexer with its own (simple) metrics registry. */
    public static Indexer start(SearchConfig config, Topics topics, String kafkaBootstrapServers, String elasticsearchUrl) {
        return start(config, topics, kafkaBootstrapServers, elasticsearchUrl, new SimpleMeterRegistry(), Duration.ofSeconds(60));
    }

    /** Starts an indexer with its own metrics registry and the crawler's opt-out list (redacted at start). */
    public static Indexer start(SearchConfig config, Topics topics, String kafkaBootstrapServers, String elasticsearchUrl,
                                org.afterimage.search.privacy.PrivacyService.OptOut optOut) {
        return start(config, topics, kafkaBootstrapServers, elasticsearchUrl, new SimpleMeterRegistry(), Duration.ofSeconds(60),
                optOut, InstantSource.system());
    }

    /**
     * Starts an indexer reporting to {@code registry} ({@code afterimage_indexer_*}: docs, lag, bulk failures,
     * dead letters, bulk latency).
     *
     * @throws IllegalStateException when Elasticsearch does not answer within {@code startTimeout}
     */
    public static Indexer start(SearchConfig config, Topics topics, String kafkaBootstrapServers, String elasticsearchUrl,
                                MeterRegistry registry, Duration startTimeout) {
        return start(config, topics, kafkaBootstrapServers, elasticsearchUrl, registry, startTimeout,
                org.afterimage.search.privacy.PrivacyService.OptOut.NONE, InstantSource.system());
    }

    /**
     * As above, with the crawler's opt-out list (its accounts and hosts are redacted at start) and the clock the
     * retention job reads (privacy, see {@link org.afterimage.search.privacy.PrivacyService}).
     */
    public static Indexer start(SearchConfig config, Topics topics, String kafkaBootstrapServers, String elasticsearchUrl,
                                MeterRegistry registry, Duration startTimeout,
                                org.afterimage.search.privacy.PrivacyService.OptOut optOut, InstantSource clock) {
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        ElasticsearchClient es = DocJson.client(elasticsearchUrl);
        var e = config.elasticsearch();
        IndexLayout layout = new IndexLayout(e.indexPrefix(), e.shards(), e.replicas());
        ensureIndices(es, layout, startTimeout);
        // alert matching runs where the indexer runs: each written batch of events is checked against every subscription
        org.afterimage.search.alert.Alerts.Matching matching = config.alerts().enabled()
                ? org.afterimage.search.alert.Alerts.startMatching(config, topics, kafkaBootstrapServers, es, layout.eventsAlias(),
                        registry, InstantSource.system())
                : null;
        // privacy before the first record: the redaction list is loaded, so nothing redacted is indexed again
        org.afterimage.search.privacy.PrivacyService privacy = org.afterimage.search.privacy.PrivacyService.start(
                config, topics, kafkaBootstrapServers, es, layout, optOut, clock, true);
        IndexerLoop loop = new IndexerLoop(config.indexer(), topics, kafkaBootstrapServers, layout, new EsBulkSink(es),
                registry, InstantSource.system()).onEventsIndexed(matching).filter(privacy.filter()).start();
        log.info("indexer started: topics {} and {} into {} / {}", topics.posts(), topics.events(), layout.postsAlias(), layout.eventsAlias());
        Indexer indexer = new Indexer(es, loop, matching);
        indexer.privacy = privacy;
        return indexer;
    }

    static void ensureIndices(ElasticsearchClient es, IndexLayout layout, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                layout.ensure(es);
                return;
            } catch (IOException | RuntimeException ex) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Elasticsearch not ready within " + timeout + ": " + ex.getMessage(), ex);
                }
                log.info("waiting for Elasticsearch: {}", ex.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", ie);
                }
            }
        }
    }

    /** Records still to index on this instance's partitions (-1 before the first poll). */
    public long lag() {
        return loop.lag();
    }

    /** Documents written or deleted since start (a redelivered record counts again). */
    public long indexed() {
        return loop.indexed();
    }

    /** The privacy duties running beside this indexer (the API shares them). */
    public org.afterimage.search.privacy.PrivacyService privacy() {
        return privacy;
    }

    @Override
    public void close() {
        loop.close();
        if (privacy != null) privacy.close();
        if (matching != null) matching.close();
        try {
            es.close();
        } catch (IOException ex) {
            log.debug("closing ES client: {}", ex.toString());
        }
    }
}
