package org.afterimage.search.export;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import org.afterimage.model.json.Codec;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.index.IndexLayout;
import org.afterimage.search.service.BackendUnavailableException;
import org.afterimage.search.service.Filter;
import org.afterimage.search.service.Queries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams every post matching a filter, page by page, through a point-in-time and {@code search_after} on
 * {@code _shard_doc}: memory is one page whatever the export size, and the view is the one at the start (documents
 * indexed meanwhile are not half-included). The point in time is closed at the end, also on failure or when the
 * client disconnects.
 */
public final class Exporter {
    private static final Logger log = LoggerFactory.getLogger(Exporter.class);
    /** The version of the export line layout (independent of the topic schema). */
    public static final int EXPORT_SCHEMA = 1;
    static final List<String> CSV_COLUMNS = List.of("key", "platform", "postId", "url", "author", "status", "reason",
            "probability", "publishedAt", "firstSeen", "lastSeen", "removedAt", "timeToRemovalSeconds", "countries",
            "versionsCount", "captures", "evidenceSignal", "evidenceSummary", "text");
    static final List<String> EXCLUDED = List.of("record", "previousTexts", "hidden", "seq");

    private final ElasticsearchClient es;
    private final IndexLayout layout;
    private final SearchConfig.Export config;
    private final InstantSource clock;

    public Exporter(ElasticsearchClient es, IndexLayout layout, SearchConfig.Export config, InstantSource clock) {
        this.es = es;
        this.layout = layout;
        this.config = config;
        this.clock = clock;
    }

    /** The header: what was asked, when, in which layout. JSONL's first line; CSV's sidecar. */
    public ObjectNode header(ObjectNode query, Format format) {
        ObjectNode h = DocJson.MAPPER.createObjectNode();
        ObjectNode e = h.putObject("export");
        e.put("schema", EXPORT_SCHEMA);
        e.put("recordSchema", Codec.SCHEMA_VERSION);
        e.put("mapping", IndexLayout.POSTS_MAPPING);
        e.put("format", format.extension);
        e.put("generatedAt", clock.instant().toString());
        e.set("query", query);
        if (format == Format.CSV) e.set("columns", DocJson.MAPPER.valueToTree(CSV_COLUMNS));
        return h;
    }

    /**
     * Opens the point in time (so an unreachable backend fails before a byte of the response is written); the
     * returned session writes the export and must be closed.
     */
    public Session open(Filter filter) {
        String keepAlive = config.keepAliveSeconds() + "s";
        String pit;
        try {
            pit = es.openPointInTime(p -> p.index(layout.postsAlias()).keepAlive(k -> k.time(keepAlive))).id();
        } catch (IOException e) {
            throw new BackendUnavailableException("search backend unreachable: " + e.getMessage(), e);
        } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
            if (e.status() == 404 || e.status() == 429 || e.status() >= 500) {
                throw new BackendUnavailableException("search backend not ready: HTTP " + e.status(), e);
            }
            throw e;
        }
        return new Session(Queries.of(filter, Queries.Kind.POSTS), pit, keepAlive);
    }

    /** One export in progress, holding its point in time. */
    public final class Session implements AutoCloseable {
        private final co.elastic.clients.elasticsearch._types.query_dsl.Query query;
        private final String keepAlive;
        private String pitId;

        private Session(co.elastic.clients.elasticsearch._types.query_dsl.Query query, String pitId, String keepAlive) {
            this.query = query;
            this.pitId = pitId;
            this.keepAlive = keepAlive;
        }

        /** Writes the export to {@code out} (flushed, not closed). Returns the number of documents written. */
        public long writeTo(Format format, ObjectNode header, OutputStream out) throws IOException {
            long n = 0;
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            if (format == Format.JSONL) {
                w.write(DocJson.MAPPER.writeValueAsString(header));
                w.write('\n');
            } else {
                w.write(String.join(",", CSV_COLUMNS));
                w.write("\r\n");
            }
            List<FieldValue> after = null;
            while (true) {
                final List<FieldValue> sa = after;
                final String id = pitId;
                SearchResponse<ObjectNode> r = es.search(s -> {
                    s.pit(p -> p.id(id).keepAlive(k -> k.time(keepAlive)))
                            .query(query)
                            .size(config.pageSize())
                            .trackTotalHits(t -> t.enabled(false))
                            .sort(o -> o.field(f -> f.field("_shard_doc").order(SortOrder.Asc)))
                            .source(x -> x.filter(f -> f.excludes(EXCLUDED)));
                    if (sa != null) s.searchAfter(sa);
                    return s;
                }, ObjectNode.class);
                if (r.pitId() != null) pitId = r.pitId();
                List<Hit<ObjectNode>> hits = r.hits().hits();
                if (hits.isEmpty()) break;
                for (Hit<ObjectNode> h : hits) {
                    ObjectNode d = h.source();
                    if (d == null) continue;
                    if (format == Format.JSONL) {
                        w.write(DocJson.MAPPER.writeValueAsString(d));
                        w.write('\n');
                    } else {
                        csvRow(w, d);
                    }
                    n++;
                }
                w.flush();
                after = hits.get(hits.size() - 1).sort();
                if (hits.size() < config.pageSize()) break;
            }
            w.flush();
            return n;
        }

        @Override
        public void close() {
            final String id = pitId;
            try {
                es.closePointInTime(c -> c.id(id));
            } catch (IOException | RuntimeException e) {
                log.debug("closing point in time: {}", e.toString());   // it expires by itself after keep-alive
            }
        }
    }

    static void csvRow(Writer w, JsonNode d) throws IOException {
        for (int i = 0; i < CSV_COLUMNS.size(); i++) {
            if (i > 0) w.write(',');
            JsonNode v = d.get(CSV_COLUMNS.get(i));
            String s;
            if (v == null || v.isNull()) s = "";
            else if (v.isArray()) {
                StringBuilder sb = new StringBuilder();
                v.forEach(x -> sb.append(sb.isEmpty() ? "" : ";").append(x.asText()));
                s = sb.toString();
            } else s = v.asText();
            w.write(csvCell(s));
        }
        w.write("\r\n");
    }

    /**
     * RFC 4180 quoting; a cell that a spreadsheet would run as a formula ({@code = + - @}, tab, CR) gets a leading
     * apostrophe: archived text is hostile input and exports are opened in spreadsheets.
     */
    static String csvCell(String s) {
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !looksNumeric(s)) s = "'" + s;
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static boolean looksNumeric(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

}
