package org.afterimage.search.service;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.afterimage.model.DiffSegment;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.PostRecord;
import org.afterimage.model.PostVersion;
import org.afterimage.model.WordDiff;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.json.MalformedRecordException;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.index.IndexLayout;

/**
 * Search, post history, events and stats over the aliases of {@link IndexLayout}. Knows nothing of HTTP: takes a
 * {@link Filter}, returns JSON trees shaped as the OpenAPI document says.
 */
public final class SearchService {
    /** Fields kept out of result items (internal, or large). */
    static final Set<String> INTERNAL = Set.of("record", "event", "previousTexts", "hidden", "seq");
    static final int MAX_EVENTS_PER_POST = 500;
    static final int MAX_CAPTURES_PER_POST = 1000;

    private final ElasticsearchClient es;
    private final IndexLayout layout;

    public SearchService(ElasticsearchClient es, IndexLayout layout) {
        this.es = es;
        this.layout = layout;
    }

    public Page posts(Filter f) {
        return page(f, Queries.Kind.POSTS, layout.postsAlias());
    }

    public Page events(Filter f) {
        return page(f, Queries.Kind.EVENTS, layout.eventsAlias());
    }

    private Page page(Filter f, Queries.Kind kind, String index) {
        String fp = f.fingerprint();
        f.cursor().ifPresent(c -> {
            if (!c.fingerprint().equals(fp)) throw new InvalidParameterException("cursor", "belongs to a different query");
        });
        SearchRequest.Builder b = new SearchRequest.Builder()
                .index(index)
                .query(Queries.of(f, kind))
                .sort(Queries.sort(f.sort(), kind))
                .size(f.size())
                .trackTotalHits(t -> t.enabled(true))
                .source(s -> s.filter(x -> x.excludes(List.copyOf(INTERNAL))));
        if (!f.q().isEmpty()) {
            b.highlight(h -> h.encoder(HighlighterEncoder.Html).preTags("<em>").postTags("</em>")
                    .fields(co.elastic.clients.util.NamedValue.of("text",
                            co.elastic.clients.elasticsearch.core.search.HighlightField.of(x -> x.fragmentSize(150).numberOfFragments(3))))
                    .fields(co.elastic.clients.util.NamedValue.of("evidenceSummary",
                            co.elastic.clients.elasticsearch.core.search.HighlightField.of(x -> x.numberOfFragments(1)))));
        }
        f.cursor().ifPresent(c -> b.searchAfter(Queries.after(c)));
        SearchResponse<ObjectNode> r = call(() -> es.search(b.build(), ObjectNode.class), f.cursor().isPresent());
        List<ObjectNode> items = new ArrayList<>();
        Hit<ObjectNode> last = null;
        for (Hit<ObjectNode> h : r.hits().hits()) {
            ObjectNode item = h.source() == null ? DocJson.MAPPER.createObjectNode() : h.source();
            INTERNAL.forEach(item::remove);
            if (!h.highlight().isEmpty()) {
                ObjectNode hl = item.putObject("highlights");
                h.highlight().forEach((field, frags) -> {
                    ArrayNode a = hl.putArray(field);
                    frags.forEach(a::add);
                });
            }
            items.add(item);
            last = h;
        }
        long total = r.hits().total() == null ? items.size() : r.hits().total().value();
        Optional<String> next = Optional.empty();
        if (last != null && items.size() == f.size()) {
            next = Optional.of(new Cursor(fp, Queries.values(last.sort())).encode());
        }
        return new Page(total, items, next);
    }

    /**
     * A post's whole history: every version, the word diff between consecutive versions, every event with its
     * evidence and probability, and when it was captured.
     *
     * @throws NotFoundException when unknown, or hidden from this caller
     */
    public ObjectNode post(String platform, String postId, boolean includeHidden) {
        PostKey key;
        try {
            key = PostKey.of(Platform.of(platform), postId);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("postId", e.getMessage());
        }
        GetResponse<ObjectNode> g = call(() -> es.get(x -> x.index(layout.postsAlias()).id(key.toString()), ObjectNode.class), false);
        if (!g.found() || g.source() == null) throw new NotFoundException("no post " + key);
        ObjectNode doc = g.source();
        if (!includeHidden && doc.path("hidden").asBoolean(false)) throw new NotFoundException("no post " + key);
        PostRecord rec;
        try {
            rec = Codecs.POST.decode(DocJson.MAPPER.writeValueAsBytes(doc.get("record")));
        } catch (IOException | MalformedRecordException e) {
            throw new IllegalStateException("stored record of " + key + " unreadable: " + e.getMessage(), e);
        }
        ObjectNode out = doc.deepCopy();
        INTERNAL.forEach(out::remove);
        ArrayNode versions = out.putArray("versions");
        List<PostVersion> vs = rec.versions();
        for (int i = 0; i < vs.size(); i++) {
            PostVersion v = vs.get(i);
            ObjectNode n = versions.addObject();
            n.put("n", i + 1);
            n.put("contentHash", v.contentHash());
            n.put("text", v.text());
            n.put("firstSeen", v.firstSeen().toString());
            n.put("lastSeen", v.lastSeen().toString());
        }
        ArrayNode diffs = out.putArray("diffs");
        for (int i = 1; i < vs.size(); i++) {
            ObjectNode d = diffs.addObject();
            d.put("from", i);
            d.put("to", i + 1);
            ArrayNode segs = d.putArray("segments");
            for (DiffSegment s : WordDiff.diff(vs.get(i - 1).text(), vs.get(i).text())) {
                segs.addObject().put("op", s.op().name().toLowerCase(java.util.Locale.ROOT)).put("text", s.text());
            }
        }
        rec.removalIfAny().ifPresent(rm -> out.set("removal", DocJson.MAPPER.valueToTree(rm)));
        ObjectNode caps = out.putObject("captureTimes");
        caps.put("count", rec.captures());
        caps.put("firstSeen", rec.firstSeen().toString());
        caps.put("lastSeen", rec.lastSeen().toString());
        ArrayNode captureList = out.putArray("captureList");
        String base = "/api/v1/posts/" + key.platform().id() + "/" + key.postId() + "/captures/";
        int n = 0;
        for (ObjectNode c : captureDocs(key)) {
            n++;
            ObjectNode item = captureList.addObject();
            item.put("n", n);
            item.set("fetchedAt", c.get("fetchedAt"));
            item.set("outcome", c.get("outcome"));
            if (c.has("reason")) item.set("reason", c.get("reason"));
            if (c.has("httpStatus")) item.set("httpStatus", c.get("httpStatus"));
            if (c.has("warcRecordId")) {
                item.set("warcRecordId", c.get("warcRecordId"));
                item.put("warc", base + n + "/warc");
            }
        }
        ArrayNode events = out.putArray("events");
        SearchResponse<ObjectNode> evs = call(() -> es.search(s -> s.index(layout.eventsAlias())
                .query(q -> q.term(t -> t.field("key").value(key.toString())))
                .sort(o -> o.field(fs -> fs.field("seq").order(SortOrder.Asc)))
                .size(MAX_EVENTS_PER_POST), ObjectNode.class), false);
        for (Hit<ObjectNode> h : evs.hits().hits()) {
            if (h.source() == null) continue;
            if (!includeHidden && h.source().path("hidden").asBoolean(false)) continue;
            JsonNode ev = h.source().get("event");
            if (ev instanceof ObjectNode o) {
                ObjectNode copy = o.deepCopy();
                copy.remove("schema");
                events.add(copy);
            }
        }
        return out;
    }

    private List<ObjectNode> captureDocs(PostKey key) {
        SearchResponse<ObjectNode> r = call(() -> es.search(s -> s.index(layout.capturesAlias())
                .query(q -> q.term(t -> t.field("key").value(key.toString())))
                .sort(o -> o.field(fs -> fs.field("fetchedAt").order(SortOrder.Asc)))
                .size(MAX_CAPTURES_PER_POST), ObjectNode.class), false);
        List<ObjectNode> out = new ArrayList<>();
        for (Hit<ObjectNode> h : r.hits().hits()) if (h.source() != null) out.add(h.source());
        return out;
    }

    /** Where the WARC record of a post's {@code n}-th capture (1-based, by fetch time) is. */
    public record WarcLocation(String file, long offset, String recordId) {
    }

    /** @throws NotFoundException when the post is unknown or hidden, the capture does not exist or was not archived */
    public WarcLocation warcOf(String platform, String postId, String n, boolean includeHidden) {
        int index;
        try {
            index = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("n", "must be a capture number from 1, got '" + Sort.abbreviate(n) + "'");
        }
        if (index < 1 || index > MAX_CAPTURES_PER_POST) throw new InvalidParameterException("n", "must be from 1 to " + MAX_CAPTURES_PER_POST);
        PostKey key;
        try {
            key = PostKey.of(Platform.of(platform), postId);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("postId", e.getMessage());
        }
        GetResponse<ObjectNode> g = call(() -> es.get(x -> x.index(layout.postsAlias()).id(key.toString())
                .sourceIncludes("hidden"), ObjectNode.class), false);
        if (!g.found() || (!includeHidden && g.source() != null && g.source().path("hidden").asBoolean(false))) {
            throw new NotFoundException("no post " + key);
        }
        List<ObjectNode> caps = captureDocs(key);
        if (index > caps.size()) throw new NotFoundException("post " + key + " has " + caps.size() + " captures");
        ObjectNode c = caps.get(index - 1);
        if (!c.has("warcFile")) throw new NotFoundException("capture " + index + " of " + key + " was not archived");
        return new WarcLocation(c.get("warcFile").asText(), c.get("warcOffset").asLong(), c.path("warcRecordId").asText());
    }

    /** Time-to-removal histogram bucket bounds in seconds: 10 min, 1 h, 6 h, 1 d, 3 d, 7 d, 30 d. */
    private static final List<co.elastic.clients.elasticsearch._types.aggregations.AggregationRange> TTR_BUCKETS;

    static {
        double[] bounds = {600, 3600, 6 * 3600, 86400, 3 * 86400, 7 * 86400, 30 * 86400};
        List<co.elastic.clients.elasticsearch._types.aggregations.AggregationRange> l = new ArrayList<>();
        Double from = null;
        for (double b : bounds) {
            Double f = from;
            l.add(co.elastic.clients.elasticsearch._types.aggregations.AggregationRange.of(r -> r.from(f).to(b)));
            from = b;
        }
        Double last = from;
        l.add(co.elastic.clients.elasticsearch._types.aggregations.AggregationRange.of(r -> r.from(last)));
        TTR_BUCKETS = List.copyOf(l);
    }

    /**
     * Removals per day by reason and platform, time-to-removal percentiles and histogram, top removed terms, top
     * authors.
     */
    public ObjectNode stats(Filter f) {
        var query = Queries.of(f, Queries.Kind.POSTS);
        SearchResponse<Void> r = call(() -> es.search(s -> s.index(layout.postsAlias()).size(0)
                .query(q -> q.bool(b -> b.filter(query).filter(x -> x.exists(e -> e.field("removedAt")))))
                .trackTotalHits(t -> t.enabled(true))
                .aggregations("per_day", a -> a.dateHistogram(d -> d.field("removedAt").calendarInterval(CalendarInterval.Day)
                                .minDocCount(1))
                        .aggregations("reason", x -> x.terms(t -> t.field("reason").size(10)))
                        .aggregations("platform", x -> x.terms(t -> t.field("platform").size(10))))
                .aggregations("by_reason", a -> a.terms(t -> t.field("reason").size(10)))
                .aggregations("by_platform", a -> a.terms(t -> t.field("platform").size(10)))
                .aggregations("ttr", a -> a.percentiles(p -> p.field("timeToRemovalSeconds").percents(50.0, 90.0, 95.0, 99.0)))
                .aggregations("ttr_hist", a -> a.range(rg -> rg.field("timeToRemovalSeconds").ranges(TTR_BUCKETS)))
                .aggregations("top_authors", a -> a.terms(t -> t.field("author").size(20)))
                .aggregations("sample", a -> a.sampler(sm -> sm.shardSize(500))
                        .aggregations("terms", x -> x.significantText(st -> st.field("text").size(20).filterDuplicateText(true)))),
                Void.class), false);
        ObjectNode out = DocJson.MAPPER.createObjectNode();
        out.put("removals", r.hits().total() == null ? 0 : r.hits().total().value());
        ArrayNode days = out.putArray("perDay");
        Map<String, Aggregate> aggs = r.aggregations();
        for (DateHistogramBucket b : aggs.get("per_day").dateHistogram().buckets().array()) {
            ObjectNode d = days.addObject();
            d.put("day", b.keyAsString() == null ? java.time.Instant.ofEpochMilli(b.key()).toString().substring(0, 10) : b.keyAsString().substring(0, 10));
            d.put("count", b.docCount());
            d.set("byReason", counts(b.aggregations().get("reason")));
            d.set("byPlatform", counts(b.aggregations().get("platform")));
        }
        out.set("byReason", counts(aggs.get("by_reason")));
        out.set("byPlatform", counts(aggs.get("by_platform")));
        ObjectNode ttr = out.putObject("timeToRemovalSeconds");
        var pct = aggs.get("ttr").tdigestPercentiles().values();
        if (pct.isKeyed()) {
            pct.keyed().forEach((k, v) -> {
                String name = "p" + k.replaceAll("\\.0$", "");
                if (v == null || v.equals("null")) ttr.putNull(name);
                else {
                    try {
                        ttr.put(name, Double.parseDouble(v));
                    } catch (NumberFormatException e) {
                        ttr.putNull(name);
                    }
                }
            });
        } else {
            for (var item : pct.array()) {
                String name = "p" + String.valueOf(item.key()).replaceAll("\\.0$", "");
                if (item.value() == null) ttr.putNull(name);
                else ttr.put(name, item.value());
            }
        }
        // the web UI's time-to-removal histogram: fixed, roughly logarithmic buckets (removals cluster early)
        ArrayNode hist = out.putArray("timeToRemovalHistogram");
        for (var b : aggs.get("ttr_hist").range().buckets().array()) {
            ObjectNode h = hist.addObject();
            if (b.from() != null) h.put("from", b.from().longValue());
            if (b.to() != null) h.put("to", b.to().longValue());
            h.put("count", b.docCount());
        }
        out.set("topAuthors", list(counts(aggs.get("top_authors")), "author"));
        ArrayNode terms = out.putArray("topTerms");
        var sig = aggs.get("sample").sampler().aggregations().get("terms").sigsterms();
        for (var b : sig.buckets().array()) {
            terms.addObject().put("term", b.key()).put("count", b.docCount()).put("score", b.score());
        }
        return out;
    }

    private static ObjectNode counts(Aggregate a) {
        ObjectNode n = DocJson.MAPPER.createObjectNode();
        if (a != null && a.isSterms()) {
            for (StringTermsBucket b : a.sterms().buckets().array()) n.put(b.key().stringValue(), b.docCount());
        }
        return n;
    }

    private static ArrayNode list(ObjectNode counts, String name) {
        ArrayNode a = DocJson.MAPPER.createArrayNode();
        counts.properties().forEach(e -> a.addObject().put(name, e.getKey()).put("count", e.getValue().asLong()));
        return a;
    }

    interface EsCall<T> {
        T call() throws IOException;
    }

    /** Maps client failures: unreachable or overloaded is 503; a 400 on a paged request means a foreign cursor. */
    static <T> T call(EsCall<T> c, boolean hasCursor) {
        try {
            return c.call();
        } catch (ElasticsearchException e) {
            if (e.status() == 429 || e.status() >= 500) throw new BackendUnavailableException("search backend busy: HTTP " + e.status(), e);
            if (e.status() == 400 && hasCursor) throw new InvalidParameterException("cursor", "does not fit this query");
            if (e.status() == 404) throw new BackendUnavailableException("search index missing (indexer not started yet?)", e);
            throw e;
        } catch (IOException e) {
            throw new BackendUnavailableException("search backend unreachable: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof InvalidParameterException || e instanceof NotFoundException) throw e;
            if (e.getClass().getName().startsWith("co.elastic.clients.transport")) {
                throw new BackendUnavailableException("search backend unreachable: " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
