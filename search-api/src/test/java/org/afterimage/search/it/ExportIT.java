package org.afterimage.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.afterimage.search.WechatFixture;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.index.Docs;
import org.afterimage.search.index.IndexLayout;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.junit.jupiter.api.Test;

/**
 * Exports a large index through an API running in a separate JVM limited to a 64 MB heap: every document arrives
 * once, and the heap stays bounded (the JVM would die of OutOfMemoryError otherwise: -XX:+ExitOnOutOfMemoryError).
 * The size is {@code -Dexport.docs} (default 200,000).
 */
@RealEngines
class ExportIT {
    static final int N = Integer.getInteger("export.docs", 200_000);
    static final String ADMIN = "export-admin-key-0123456789";

    @Test
    void largeExportStreamsFromASmallHeap(Engines engines) throws Exception {
        String prefix = Engines.uniqueName("export") + "-";
        ElasticsearchClient es = DocJson.client(engines.elasticsearchUrl());
        IndexLayout layout = new IndexLayout(prefix, 1, 0);
        layout.ensure(es);
        Process child = null;
        try {
            es.indices().putSettings(s -> s.index(layout.postsIndex()).settings(x -> x.refreshInterval(t -> t.time("-1"))));
            var rows = WechatFixture.rows().stream().filter(r -> !WechatFixture.reason(r.message()).name().equals("DELETED_BY_AUTHOR")).toList();
            long t0 = System.nanoTime();
            for (int from = 0; from < N; from += 2000) {
                BulkRequest.Builder b = new BulkRequest.Builder();
                for (int i = from; i < Math.min(N, from + 2000); i++) {
                    var doc = Docs.post(WechatFixture.removed(i, rows.get(i % rows.size())));
                    String id = doc.get("key").asText();
                    b.operations(o -> o.index(x -> x.index(layout.postsAlias()).id(id).document(doc)));
                }
                var r = es.bulk(b.build());
                assertThat(r.errors()).isFalse();
            }
            es.indices().putSettings(s -> s.index(layout.postsIndex()).settings(x -> x.refreshInterval(t -> t.time("1s"))));
            es.indices().refresh(r -> r.index(layout.postsAlias()));
            long loadMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(es.count(c -> c.index(layout.postsAlias())).count()).isEqualTo(N);

            Path dataDir = Files.createTempDirectory("export-it");
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m", "-Xms16m", "-XX:+ExitOnOutOfMemoryError",
                    "-cp", System.getProperty("java.class.path"), ExportServerMain.class.getName(),
                    engines.elasticsearchUrl(), prefix, dataDir.toString(), ADMIN));
            child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("PORT ")) {
                    port = Integer.parseInt(line.substring(5).strip());
                    break;
                }
            }
            assertThat(port).as("child API started").isPositive();

            long t1 = System.nanoTime();
            HttpResponse<InputStream> resp = ItSupport.HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/export?format=jsonl")).header("X-API-Key", ADMIN).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(resp.statusCode()).isEqualTo(200);
            BitSet seen = new BitSet(N);
            long lines = 0;
            long bytes = 0;
            int dups = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                String header = r.readLine();
                assertThat(header).startsWith("{\"export\":");
                String l;
                while ((l = r.readLine()) != null) {
                    bytes += l.length() + 1;
                    int at = l.indexOf("\"key\":\"wechat:mp/");
                    int end = l.indexOf('"', at + 17);
                    int id = Integer.parseInt(l.substring(at + 17, end));
                    if (seen.get(id)) dups++;
                    seen.set(id);
                    lines++;
                }
            }
            long exportMs = (System.nanoTime() - t1) / 1_000_000;
            child.getOutputStream().close();
            long maxHeap = -1;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("MAXHEAP ")) maxHeap = Long.parseLong(line.substring(8).strip());
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("child exit (OutOfMemoryError exits non-zero)").isZero();
            assertThat(dups).isZero();
            assertThat(lines).isEqualTo(N);
            assertThat(seen.cardinality()).isEqualTo(N);
            assertThat(maxHeap).isPositive().isLessThanOrEqualTo(64L << 20);
            System.out.printf("export: %d docs, %.1f MB in %d ms (%.1f MB/s) through a 64 MB heap (max used %.1f MB); load took %d ms%n",
                    N, bytes / 1e6, exportMs, bytes / 1e3 / Math.max(1, exportMs), maxHeap / 1e6, loadMs);
        } finally {
            if (child != null) child.destroyForcibly();
            ItSupport.deleteIndices(es, prefix);
        }
    }
}
