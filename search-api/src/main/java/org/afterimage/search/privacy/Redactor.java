package org.afterimage.search.privacy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.PrivacyMatch;
import org.afterimage.model.Redaction;
import org.afterimage.model.WarcRef;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.index.IndexLayout;
import org.afterimage.search.service.BackendUnavailableException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The effects of a redaction on the stores: finding the posts of an author or a host, the WARC records of a post,
 * deleting a post's documents from the posts, events and captures indices, and writing the tombstone that makes
 * compaction drop the post from the posts topic. Every operation is idempotent.
 */
final class Redactor {
    /** Keys per delete-by-query (a terms query); well under ES's terms limit. */
    private static final int CHUNK = 500;
    private static final int PAGE = 1000;

    private final ElasticsearchClient es;
    private final IndexLayout layout;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Topics topics;

    Redactor(ElasticsearchClient es, IndexLayout layout, KafkaProducer<byte[], byte[]> producer, Topics topics) {
        this.es = es;
        this.layout = layout;
        this.producer = producer;
        this.topics = topics;
    }

    /** The archived WARC records of {@code key}'s captures, in fetch order (what {@code captures/{n}/warc} serves). */
    List<WarcRef> warcsOf(PostKey key) {
        SearchResponse<ObjectNode> r = call(() -> es.search(s -> s.index(layout.capturesAlias())
                .query(q -> q.term(t -> t.field("key").value(key.toString())))
                .sort(o -> o.field(f -> f.field("fetchedAt").order(SortOrder.Asc)))
                .size(1000), ObjectNode.class));
        List<WarcRef> out = new ArrayList<>();
        for (Hit<ObjectNode> h : r.hits().hits()) {
            ObjectNode c = h.source();
            if (c == null) continue;
            // keep the capture's position even when it was not archived, so "n" still names the same capture
            out.add(c.has("warcFile")
                    ? new WarcRef(c.get("warcFile").asText(), c.get("warcOffset").asLong(), c.path("warcRecordId").asText(), "")
                    : new WarcRef("", 0, "", ""));
        }
        return out;
    }

    /** Keys of the posts (and events) of {@code author} ({@code platform:account}, normalised). */
    Set<PostKey> keysOfAuthor(String author) {
        int colon = author.indexOf(':');
        String platform = Platform.of(author.substring(0, colon)).id();
        String account = author.substring(colon + 1);
        Query q = Query.of(b -> b.bool(x -> x
                .filter(f -> f.term(t -> t.field("platform").value(platform)))
                .should(s -> s.terms(t -> t.field("author.lower").terms(v -> v.value(List.of(FieldValue.of(account), FieldValue.of("@" + account))))))
                .should(s -> s.prefix(p -> p.field("key").value(platform + ":" + account + "/").caseInsensitive(true)))
                .minimumShouldMatch("1")));
        Set<PostKey> keys = new TreeSet<>();
        for (String index : List.of(layout.postsAlias(), layout.eventsAlias())) scan(index, q, (key, url) -> keys.add(key));
        return keys;
    }

    /** Keys of the posts (and events) whose URL's host is {@code host} or a subdomain (URLs are not indexed: a scan). */
    Set<PostKey> keysOfHost(String host) {
        Set<String> one = Set.of(host);
        Set<PostKey> keys = new TreeSet<>();
        for (String index : List.of(layout.postsAlias(), layout.eventsAlias())) {
            scan(index, Query.of(b -> b.matchAll(m -> m)), (key, url) -> {
                if (url != null && PrivacyMatch.hostMatches(PrivacyMatch.hostOf(url), one)) keys.add(key);
            });
        }
        return keys;
    }

    /** Self-deleted posts removed before {@code cutoff}: what retention purges. */
    Set<PostKey> selfDeletedBefore(Instant cutoff) {
        Query q = Query.of(b -> b.bool(x -> x
                .filter(f -> f.term(t -> t.field("reason").value("DELETED_BY_AUTHOR")))
                .filter(f -> f.term(t -> t.field("status").value("removed")))
                .filter(f -> f.range(r -> r.date(d -> d.field("removedAt").lt(cutoff.toString()))))));
        Set<PostKey> keys = new TreeSet<>();
        scan(layout.postsAlias(), q, (key, url) -> keys.add(key));
        return keys;
    }

    private interface Visitor {
        void visit(PostKey key, String url);
    }

    /** Pages through {@code index} by key (search_after on the key: each page moves past every doc of the last key). */
    private void scan(String index, Query q, Visitor v) {
        String after = null;
        while (true) {
            String from = after;
            SearchResponse<ObjectNode> r = call(() -> es.search(s -> {
                s.index(index).query(q).size(PAGE).source(src -> src.filter(f -> f.includes("key", "url")))
                        .sort(o -> o.field(f -> f.field("key").order(SortOrder.Asc)));
                if (from != null) s.searchAfter(FieldValue.of(from));
                return s;
            }, ObjectNode.class));
            List<Hit<ObjectNode>> hits = r.hits().hits();
            for (Hit<ObjectNode> h : hits) {
                ObjectNode d = h.source();
                if (d == null || !d.hasNonNull("key")) continue;
                try {
                    v.visit(PostKey.parse(d.get("key").asText()), d.path("url").asText(null));
                } catch (IllegalArgumentException e) {
                    // a document with a key this build cannot parse is not a post of anyone
                }
                after = d.get("key").asText();
            }
            if (hits.size() < PAGE) return;
        }
    }

    /**
     * Deletes every document of {@code keys} from the three indices (refreshed, so the next search no longer sees
     * them) and writes a tombstone per key to the compacted posts topic.
     */
    long purge(Collection<PostKey> keys) {
        if (keys.isEmpty()) return 0;
        List<String> all = keys.stream().map(PostKey::toString).distinct().toList();
        long deleted = 0;
        for (int i = 0; i < all.size(); i += CHUNK) {
            List<FieldValue> chunk = all.subList(i, Math.min(all.size(), i + CHUNK)).stream().map(FieldValue::of).toList();
            deleted += deleteMatching(Query.of(q -> q.terms(t -> t.field("key").terms(v -> v.value(chunk)))));
        }
        List<Future<?>> sent = new ArrayList<>();
        for (String k : all) {
            sent.add(producer.send(new ProducerRecord<>(topics.posts(), k.getBytes(StandardCharsets.UTF_8), null)));
        }
        try {
            for (Future<?> f : sent) f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing tombstones", e);
        } catch (Exception e) {
            throw new BackendUnavailableException("Kafka did not take the posts tombstones: " + e.getMessage(), e);
        }
        return deleted;
    }

    /**
     * Deletes every document matching {@code q} in the three indices: search for ids, bulk-delete them, refresh,
     * until none is left. (Not {@code _delete_by_query}: it lives in the reindex module, which a minimal
     * Elasticsearch install lacks.)
     */
    private long deleteMatching(Query q) {
        long deleted = 0;
        for (int round = 0; round < 1000; round++) {
            SearchResponse<Void> r = call(() -> es.search(s -> s.index(layout.postsAlias(), layout.eventsAlias(), layout.capturesAlias())
                    .query(q).size(PAGE).source(src -> src.fetch(false)), Void.class));
            List<Hit<Void>> hits = r.hits().hits();
            if (hits.isEmpty()) return deleted;
            co.elastic.clients.elasticsearch.core.BulkRequest.Builder b = new co.elastic.clients.elasticsearch.core.BulkRequest.Builder()
                    .refresh(co.elastic.clients.elasticsearch._types.Refresh.True);
            for (Hit<Void> h : hits) b.operations(o -> o.delete(d -> d.index(h.index()).id(h.id())));
            var resp = call(() -> es.bulk(b.build()));
            for (var item : resp.items()) if (item.error() == null && item.status() == 200) deleted++;
            if (resp.errors()) {
                var firstError = resp.items().stream().filter(i -> i.error() != null && i.status() != 404).findFirst();
                if (firstError.isPresent()) {
                    throw new BackendUnavailableException("Elasticsearch refused a delete: " + firstError.get().error().reason(), null);
                }
            }
        }
        throw new BackendUnavailableException("documents of the redacted posts keep reappearing; giving up for now", null);
    }

    private interface EsCall<T> {
        T call() throws IOException;
    }

    private static <T> T call(EsCall<T> c) {
        try {
            return c.call();
        } catch (IOException | co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
            throw new BackendUnavailableException("Elasticsearch: " + e.getMessage(), e);
        }
    }

    /** A redaction's one-line audit form (the structured log line carries the same fields). */
    static String describe(Redaction r) {
        return r.target() + " by " + r.by() + " (" + r.reason() + ")" + (r.via().isEmpty() ? "" : " via " + r.via());
    }
}
