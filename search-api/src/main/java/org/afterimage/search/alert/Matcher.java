package org.afterimage.search.alert;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.RequestItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.index.EventsIndexed;
import org.afterimage.search.service.Filter;
import org.afterimage.search.service.Queries;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each written batch of events against every subscription with multi-searches restricted to the batch's
 * ids ({@code bool{filter: ids(batch), must: Queries.of(filter, EVENTS)}}: the search's own query builder, so a
 * subscription matches exactly what the search would return), then produces one alert per match to the alerts
 * topic and waits for Kafka to take them before the indexer commits the batch (at-least-once).
 *
 * <p>An event produced before a subscription was created does not alert it (a replay of old events, or a new
 * indexer group reading from the start, must not flood a new subscriber).
 */
final class Matcher implements EventsIndexed {
    private static final Logger log = LoggerFactory.getLogger(Matcher.class);
    static final java.util.Set<String> INTERNAL = java.util.Set.of("record", "event", "previousTexts", "hidden", "seq");

    private final ElasticsearchClient es;
    private final String eventsIndex;
    private final SubscriptionStore store;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Topics topics;
    private final int perRequest;
    private final InstantSource clock;
    private final Counter matched;
    private final Timer matchTimer;

    Matcher(ElasticsearchClient es, String eventsIndex, SubscriptionStore store, KafkaProducer<byte[], byte[]> producer,
            Topics topics, int perRequest, MeterRegistry registry, InstantSource clock) {
        this.es = es;
        this.eventsIndex = eventsIndex;
        this.store = store;
        this.producer = producer;
        this.topics = topics;
        this.perRequest = perRequest;
        this.clock = clock;
        this.matched = Counter.builder("afterimage.alerts.matched").description("alerts matched (event x subscription)").register(registry);
        this.matchTimer = Timer.builder("afterimage.alerts.matching").description("matching time per indexed batch").register(registry);
    }

    @Override
    public void indexed(List<Event> events) throws Exception {
        List<SubscriptionStore.Entry> subs = new ArrayList<>(store.all());
        if (subs.isEmpty() || events.isEmpty()) return;
        long t0 = System.nanoTime();
        Map<String, Event> byId = new LinkedHashMap<>();
        for (Event e : events) byId.put(e.id(), e);
        es.indices().refresh(r -> r.index(eventsIndex));
        List<Filter> filters = subs.stream().map(SubscriptionStore.Entry::filter).toList();
        List<List<String>> hits = match(es, eventsIndex, filters, List.copyOf(byId.keySet()), perRequest);
        Instant now = clock.instant();
        List<Future<?>> sent = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < subs.size(); i++) {
            Subscription s = subs.get(i).subscription();
            for (String id : hits.get(i)) {
                Event e = byId.get(id);
                if (e == null || e.producedAt().isBefore(s.createdAt())) continue;
                Alert a = new Alert(Alert.idFor(s.id(), id), s.id(), publicDoc(e.doc()), postSummary(e.doc()), now, e.producedAt());
                sent.add(producer.send(new ProducerRecord<>(topics.alerts(), s.id().getBytes(StandardCharsets.UTF_8), a.toJson())));
                n++;
            }
        }
        producer.flush();
        for (Future<?> f : sent) f.get(60, TimeUnit.SECONDS);
        matched.increment(n);
        matchTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        if (n > 0) log.debug("{} events x {} subscriptions: {} alerts", byId.size(), subs.size(), n);
    }

    /** Keeps the buckets of one search (subscriptions x matched events) under ES's default search.max_buckets (65,536). */
    static final int MAX_BUCKETS = 60_000;

    /**
     * For each filter, the ids among {@code ids} it matches, with ONE multi-search: each of its searches is restricted
     * to the batch's ids ({@code size 0}) and carries a {@code filters} aggregation of up to {@code perRequest}
     * subscriptions (each filter is exactly {@code Queries.of(filter, EVENTS)}) with the matching event ids under it.
     * The query runs in filter context, where matching is the same as in the search (only scores differ, unused).
     * Much cheaper than one search per subscription ({@link #matchOneSearchEach}): the batch is collected once per
     * chunk, not once per subscription.
     */
    static List<List<String>> match(ElasticsearchClient es, String index, List<Filter> filters, List<String> ids, int perRequest)
            throws IOException {
        if (filters.isEmpty()) return List.of();
        int per = Math.max(1, Math.min(perRequest, MAX_BUCKETS / Math.max(1, ids.size())));
        List<RequestItem> items = new ArrayList<>();
        for (int from = 0; from < filters.size(); from += per) {
            List<Filter> chunk = filters.subList(from, Math.min(filters.size(), from + per));
            Map<String, Query> keyed = new LinkedHashMap<>();
            for (int i = 0; i < chunk.size(); i++) keyed.put(String.valueOf(i), Queries.of(chunk.get(i), Queries.Kind.EVENTS));
            items.add(RequestItem.of(r -> r.header(h -> h.index(index)).body(b -> b
                    .query(q -> q.ids(x -> x.values(ids))).size(0).trackTotalHits(t -> t.enabled(false))
                    .aggregations("subs", a -> a.filters(f -> f.filters(fb -> fb.keyed(keyed)))
                            .aggregations("ids", sub -> sub.terms(t -> t.field("eventId").size(ids.size())))))));
        }
        MsearchResponse<Void> resp = es.msearch(m -> m.searches(items), Void.class);
        List<List<String>> out = new ArrayList<>(filters.size());
        int chunkNo = 0;
        for (MultiSearchResponseItem<Void> r : resp.responses()) {
            if (r.isFailure()) throw new IOException("subscription search failed: " + r.failure().error().reason());
            Map<String, co.elastic.clients.elasticsearch._types.aggregations.FiltersBucket> buckets =
                    r.result().aggregations().get("subs").filters().buckets().keyed();
            int size = Math.min(per, filters.size() - chunkNo * per);
            for (int i = 0; i < size; i++) {
                List<String> matched = new ArrayList<>();
                var b = buckets.get(String.valueOf(i));
                if (b != null && b.docCount() > 0) {
                    for (var t : b.aggregations().get("ids").sterms().buckets().array()) matched.add(t.key().stringValue());
                }
                out.add(matched);
            }
            chunkNo++;
        }
        return out;
    }

    /**
     * The same result as {@link #match}, the plain way: one search per subscription (ids filter + the subscription's
     * query), {@code perRequest} searches per multi-search. Kept as the reference the benchmark and tests compare
     * {@link #match} with.
     */
    static List<List<String>> matchOneSearchEach(ElasticsearchClient es, String index, List<Filter> filters, List<String> ids,
                                                 int perRequest) throws IOException {
        List<List<String>> out = new ArrayList<>(filters.size());
        for (int from = 0; from < filters.size(); from += perRequest) {
            List<Filter> chunk = filters.subList(from, Math.min(filters.size(), from + perRequest));
            List<RequestItem> items = new ArrayList<>(chunk.size());
            for (Filter f : chunk) {
                Query q = Query.of(x -> x.bool(b -> b.filter(fi -> fi.ids(i -> i.values(ids))).must(Queries.of(f, Queries.Kind.EVENTS))));
                items.add(RequestItem.of(r -> r.header(h -> h.index(index)).body(b -> b.query(q).size(ids.size())
                        .source(src -> src.fetch(false)).trackTotalHits(t -> t.enabled(false)))));
            }
            MsearchResponse<Void> resp = es.msearch(m -> m.searches(items), Void.class);
            for (MultiSearchResponseItem<Void> r : resp.responses()) {
                if (r.isFailure()) throw new IOException("subscription search failed: " + r.failure().error().reason());
                List<String> matchedIds = new ArrayList<>();
                for (Hit<Void> h : r.result().hits().hits()) matchedIds.add(h.id());
                out.add(matchedIds);
            }
        }
        return out;
    }

    /** The event document as the events search returns it (internal fields removed). */
    static ObjectNode publicDoc(ObjectNode doc) {
        ObjectNode d = doc.deepCopy();
        d.remove(INTERNAL);
        return d;
    }

    static ObjectNode postSummary(ObjectNode doc) {
        ObjectNode p = org.afterimage.search.index.DocJson.MAPPER.createObjectNode();
        for (String f : List.of("key", "platform", "postId", "url", "author", "publishedAt")) {
            if (doc.hasNonNull(f)) p.set(f, doc.get(f));
        }
        if (doc.hasNonNull("text")) {
            String t = doc.get("text").asText();
            p.put("text", t.length() > 500 ? t.substring(0, 500) + "…" : t);
        }
        if (doc.hasNonNull("platform") && doc.hasNonNull("postId")) {
            p.put("link", "/api/v1/posts/" + doc.get("platform").asText() + "/"
                    + java.net.URLEncoder.encode(doc.get("postId").asText(), StandardCharsets.UTF_8));
        }
        return p;
    }

}
