package org.afterimage.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Index names and their creation. Each index is {@code <prefix><name>-<mapping version>} (mapping from the resource
 * file {@code <name>-<version>.json}) behind the alias {@code <prefix><name>}; readers and the indexer only use
 * aliases, so a mapping change is a new index filled by replaying the topics, then an alias swap.
 */
public final class IndexLayout {
    private static final Logger log = LoggerFactory.getLogger(IndexLayout.class);
    /** The mapping versions this build writes. */
    public static final String POSTS_MAPPING = "posts-v1";
    public static final String EVENTS_MAPPING = "events-v1";

    private final String prefix;
    private final int shards;
    private final int replicas;

    public IndexLayout(String prefix, int shards, int replicas) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.shards = shards;
        this.replicas = replicas;
    }

    public String postsAlias() {
        return prefix + "posts";
    }

    public String eventsAlias() {
        return prefix + "events";
    }

    public String postsIndex() {
        return prefix + POSTS_MAPPING;
    }

    public String eventsIndex() {
        return prefix + EVENTS_MAPPING;
    }

    /** Waits for the cluster (yellow or better), then creates the missing indices with their write aliases. */
    public void ensure(ElasticsearchClient es) throws IOException {
        var h = es.cluster().health(x -> x.waitForStatus(HealthStatus.Yellow).timeout(t -> t.time("30s")));
        if (h.timedOut()) throw new IOException("Elasticsearch not yellow within 30 s: " + h.status());
        create(es, postsIndex(), postsAlias(), POSTS_MAPPING);
        create(es, eventsIndex(), eventsAlias(), EVENTS_MAPPING);
    }

    private void create(ElasticsearchClient es, String index, String alias, String mapping) throws IOException {
        if (es.indices().existsAlias(a -> a.name(alias)).value()) return;
        String body = body(mapping);
        try {
            es.indices().create(c -> c.index(index).withJson(new StringReader(body))
                    .aliases(alias, a -> a.isWriteIndex(true)));
            log.info("created index {} behind alias {}", index, alias);
        } catch (ElasticsearchException e) {
            // another process (API beside the indexer) created it first
            if (!"resource_already_exists_exception".equals(e.error().type())) throw e;
        }
    }

    /** The mapping resource with this deployment's shard and replica counts spliced in. */
    String body(String mapping) {
        String res = "/org/afterimage/search/index/" + mapping + ".json";
        try (InputStream in = IndexLayout.class.getResourceAsStream(res)) {
            if (in == null) throw new IllegalStateException("mapping resource " + res + " missing");
            ObjectNode root = (ObjectNode) DocJson.MAPPER.readTree(in);
            ObjectNode idx = ((ObjectNode) root.with("settings")).with("index");
            idx.put("number_of_shards", shards);
            idx.put("number_of_replicas", replicas);
            return DocJson.MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
