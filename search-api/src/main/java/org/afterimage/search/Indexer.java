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

    private Indexer(ElasticsearchClient es, IndexerLoop loop) {
        this.es = es;
        this.loop = loop;
    }

    /** Starts an indexer with its own (simple) metrics registry. */
    public static Indexer start(SearchConfig config, Topics topics, String kafkaBootstrapServers, String elasticsearchUrl) {
        return start(config, topics, kafkaBootstrapServers, elasticsearchUrl, new SimpleMeterRegistry(), Duration.ofSeconds(60));
    }

    /**
     * Starts an indexer reporting to {@code registry} ({@code afterimage_indexer_*}: docs, lag, bulk failures,
     * dead letters, bulk latency).
     *
     * @throws IllegalStateException when Elasticsearch does not answer within {@code startTimeout}
     */
    public static Indexer start(SearchConfig config, Topics topics, String kafkaBootstrapServers, String elasticsearchUrl,
                                MeterRegistry registry, Duration startTimeout) {
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        ElasticsearchClient es = DocJson.client(elasticsearchUrl);
        var e = config.elasticsearch();
        IndexLayout layout = new IndexLayout(e.indexPrefix(), e.shards(), e.replicas());
        ensureIndices(es, layout, startTimeout);
        IndexerLoop loop = new IndexerLoop(config.indexer(), topics, kafkaBootstrapServers, layout, new EsBulkSink(es),
                registry, InstantSource.system()).start();
        log.info("indexer started: topics {} and {} into {} / {}", topics.posts(), topics.events(), layout.postsAlias(), layout.eventsAlias());
        return new Indexer(es, loop);
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

    @Override
    public void close() {
        loop.close();
        try {
            es.close();
        } catch (IOException ex) {
            log.debug("closing ES client: {}", ex.toString());
        }
    }
}
