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
    public static final String CAPTURES_MAPPING = "captures-v1";

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

    /** One small document per fetch (time, outcome, WARC location): what a post page lists and the WARC route reads. */
    public String capturesAlias() {
        return prefix + "captures";
    }

    public String capturesIndex() {
        return prefix + CAPTURES_MAPPING;
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
        create(es, capturesIndex(), capturesAlias(), CAPTURES_MAPPING);
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

    /** New, alias-less indices for a rebuild: {@code <prefix>posts-v1-<suffix>} and {@code <prefix>events-v1-<suffix>}. */
    public String[] createRebuildIndices(ElasticsearchClient es, String suffix) throws IOException {
        String posts = postsIndex() + "-" + suffix;
        String events = eventsIndex() + "-" + suffix;
        String pb = body(POSTS_MAPPING);
        String eb = body(EVENTS_MAPPING);
        es.indices().create(c -> c.index(posts).withJson(new StringReader(pb)));
        es.indices().create(c -> c.index(events).withJson(new StringReader(eb)));
        return new String[] {posts, events};
    }

    /**
     * Points both aliases at the rebuilt indices in one atomic alias update (readers never see neither or both).
     * Returns the indices the aliases pointed at before.
     */
    public java.util.List<String> swapAliases(ElasticsearchClient es, String posts, String events) throws IOException {
        java.util.List<String> old = new java.util.ArrayList<>();
        for (String alias : java.util.List.of(postsAlias(), eventsAlias())) {
            if (es.indices().existsAlias(a -> a.name(alias)).value()) {
                old.addAll(es.indices().getAlias(a -> a.name(alias)).aliases().keySet());
            }
        }
        es.indices().updateAliases(u -> {
            for (String o : old) {
                u.actions(a -> a.remove(r -> r.index(o).aliases(postsAlias(), eventsAlias()).mustExist(false)));
            }
            u.actions(a -> a.add(x -> x.index(posts).alias(postsAlias()).isWriteIndex(true)));
            u.actions(a -> a.add(x -> x.index(events).alias(eventsAlias()).isWriteIndex(true)));
            return u;
        });
        log.info("aliases {} -> {}, {} -> {} (were on {})", postsAlias(), posts, eventsAlias(), events, old);
        return old;
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
