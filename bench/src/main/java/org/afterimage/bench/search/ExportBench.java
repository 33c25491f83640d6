package org.afterimage.bench.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.afterimage.search.SearchApi;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.index.IndexLayout;

/**
 * Export throughput: {@code GET /api/v1/export?format=jsonl} (all visible posts) in MB/s, beside a bare
 * point-in-time + search_after scan of the same index with the same page size and source filter, serialising each
 * hit to JSON and dropping it. Also samples this JVM's heap during both.
 *
 * <p>Run: {@code java -Xmx256m -cp <cp> org.afterimage.bench.search.ExportBench --es http://127.0.0.1:9200 --posts 200000}
 * (add {@code --keep PREFIX} to reuse an index loaded by {@link SearchLatencyBench}).
 */
public final class ExportBench {
    public static void main(String[] args) throws Exception {
        String esUrl = SearchBenchData.arg(args, "es", "http://127.0.0.1:9200");
        int posts = Integer.parseInt(SearchBenchData.arg(args, "posts", "200000"));
        String keep = SearchBenchData.arg(args, "keep", "");
        String prefix = keep.isEmpty() ? "bench-export-" + ProcessHandle.current().pid() + "-" : keep;
        ElasticsearchClient es = DocJson.client(esUrl);
        IndexLayout layout = new IndexLayout(prefix, 1, 0);
        try {
            layout.ensure(es);
            long have = es.count(c -> c.index(layout.postsAlias())).count();
            if (have < posts) {
                SearchBenchData.load(es, layout.postsAlias(), (int) have, posts, 2000);
                es.indices().refresh(r -> r.index(layout.postsAlias()));
            }
            String admin = "bench-admin-key-0123456789";
            SearchConfig cfg = SearchConfig.fromYaml("http: {port: 0, host: 127.0.0.1}\nauth: {rateLimits: {exporter: {perMinute: 1000, burst: 100}}}").withIndexPrefix(prefix);
            AtomicLong maxHeap = new AtomicLong();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    maxHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            try (SearchApi api = SearchApi.builder().config(cfg).elasticsearchUrl(esUrl).dataDir(Files.createTempDirectory("bench"))
                    .adminKey(Optional.of(admin)).start()) {
                // bare scan first (warms the ES caches for both)
                long[] bare = bareScan(es, layout.postsAlias(), 1000);
                // an exporter key: self-deletions hidden, the same documents as the bare scan
                String exporter = api.createKey("exporter", "bench");
                System.gc();
                maxHeap.set(0);
                long t0 = System.nanoTime();
                HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.port() + "/api/v1/export?format=jsonl")).header("X-API-Key", exporter).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                long bytes = 0;
                long lines = 0;
                byte[] buf = new byte[64 << 10];
                try (InputStream in = r.body()) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        bytes += n;
                        for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++;
                    }
                }
                double apiSec = (System.nanoTime() - t0) / 1e9;
                double bareSec = bare[2] / 1e9;
                System.out.printf("ExportBench posts=%d%n  bare PIT scan: %d docs, %.1f MB in %.1f s = %.1f MB/s%n"
                        + "  API export:    %d lines, %.1f MB in %.1f s = %.1f MB/s (max heap in use during export %.0f MB, JVM -Xmx %.0f MB)%n  ratio: %.2f%n",
                        posts, bare[0], bare[1] / 1e6, bareSec, bare[1] / 1e6 / bareSec, lines, bytes / 1e6, apiSec, bytes / 1e6 / apiSec,
                        maxHeap.get() / 1e6, Runtime.getRuntime().maxMemory() / 1e6, (bytes / apiSec) / (bare[1] / bareSec));
            } finally {
                sampling.set(false);
            }
        } finally {
            if (keep.isEmpty()) es.indices().delete(d -> d.index(prefix + "*").ignoreUnavailable(true).allowNoIndices(true));
            es.close();
        }
    }

    /** {docs, bytes of JSON, nanos}. */
    static long[] bareScan(ElasticsearchClient es, String alias, int page) throws Exception {
        long t0 = System.nanoTime();
        String pit = es.openPointInTime(p -> p.index(alias).keepAlive(k -> k.time("60s"))).id();
        long docs = 0;
        long bytes = 0;
        List<FieldValue> after = null;
        try {
            while (true) {
                final List<FieldValue> sa = after;
                final String id = pit;
                var r = es.search(s -> {
                    s.pit(p -> p.id(id).keepAlive(k -> k.time("60s"))).size(page).trackTotalHits(t -> t.enabled(false))
                            .query(q -> q.bool(b -> b.mustNot(m -> m.term(t -> t.field("hidden").value(true)))))
                            .sort(o -> o.field(f -> f.field("_shard_doc").order(SortOrder.Asc)))
                            .source(x -> x.filter(f -> f.excludes("record", "previousTexts", "hidden", "seq")));
                    if (sa != null) s.searchAfter(sa);
                    return s;
                }, ObjectNode.class);
                if (r.hits().hits().isEmpty()) break;
                for (var h : r.hits().hits()) {
                    bytes += DocJson.MAPPER.writeValueAsBytes(h.source()).length + 1;
                    docs++;
                }
                after = r.hits().hits().get(r.hits().hits().size() - 1).sort();
                if (r.hits().hits().size() < page) break;
            }
        } finally {
            final String id = pit;
            es.closePointInTime(c -> c.id(id));
        }
        return new long[] {docs, bytes, System.nanoTime() - t0};
    }
}
