package org.afterimage.bench.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.afterimage.search.SearchApi;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.index.IndexLayout;

/**
 * Search latency at a fixed request rate: loads {@code --posts} synthetic posts (issue target 1,000,000; scaled to what
 * loads in minutes), starts the API in this JVM, and runs {@link SearchLoadGenerator} in a second JVM, twice: once
 * against {@code GET /api/v1/posts} and once with the same queries sent straight to Elasticsearch (baseline). Reports
 * p50/p99 of each and the ratio.
 *
 * <p>Run: {@code java -cp <cp> org.afterimage.bench.search.SearchLatencyBench --es http://127.0.0.1:9200
 * --posts 200000 --rate 20 --seconds 30} (add {@code --keep PREFIX} to reuse a loaded index).
 */
public final class SearchLatencyBench {
    public static void main(String[] args) throws Exception {
        String esUrl = SearchBenchData.arg(args, "es", "http://127.0.0.1:9200");
        int posts = Integer.parseInt(SearchBenchData.arg(args, "posts", "200000"));
        String rate = SearchBenchData.arg(args, "rate", "20");
        String seconds = SearchBenchData.arg(args, "seconds", "30");
        String keep = SearchBenchData.arg(args, "keep", "");
        String prefix = keep.isEmpty() ? "bench-search-" + ProcessHandle.current().pid() + "-" : keep;
        ElasticsearchClient es = DocJson.client(esUrl);
        IndexLayout layout = new IndexLayout(prefix, 1, 0);
        try {
            layout.ensure(es);
            long have = es.count(c -> c.index(layout.postsAlias())).count();
            if (have < posts) {
                long t0 = System.nanoTime();
                es.indices().putSettings(s -> s.index(layout.postsIndex()).settings(x -> x.refreshInterval(t -> t.time("-1"))));
                SearchBenchData.load(es, layout.postsAlias(), (int) have, posts, 2000);
                es.indices().putSettings(s -> s.index(layout.postsIndex()).settings(x -> x.refreshInterval(t -> t.time("1s"))));
                es.indices().refresh(r -> r.index(layout.postsAlias()));
                es.indices().forcemerge(f -> f.index(layout.postsIndex()).maxNumSegments(1L));
                System.out.printf("loaded %d posts in %.1f s%n", posts - have, (System.nanoTime() - t0) / 1e9);
            }
            String admin = "bench-admin-key-0123456789";
            SearchConfig cfg = SearchConfig.fromYaml("http: {port: 0, host: 127.0.0.1}\nauth: {rateLimits: {admin: {perMinute: 1000000, burst: 100000}}}")
                    .withIndexPrefix(prefix);
            try (SearchApi api = SearchApi.builder().config(cfg).elasticsearchUrl(esUrl).dataDir(Files.createTempDirectory("bench"))
                    .adminKey(Optional.of(admin)).start()) {
                // alternate, so neither side is measured only cold (JIT, ES caches) or only while a neighbour is busy
                for (int round = 1; round <= 2; round++) {
                    System.out.println("round " + round + " " + run("es", "http://127.0.0.1:" + api.port(), admin, rate, seconds, esUrl, prefix));
                    System.out.println("round " + round + " " + run("api", "http://127.0.0.1:" + api.port(), admin, rate, seconds, esUrl, prefix));
                }
            }
        } finally {
            if (keep.isEmpty()) es.indices().delete(d -> d.index(prefix + "*").ignoreUnavailable(true).allowNoIndices(true));
            es.close();
        }
    }

    static String run(String target, String apiUrl, String key, String rate, String seconds, String esUrl, String prefix) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SearchLoadGenerator.class.getName(), target, apiUrl, key, rate, seconds, esUrl, prefix + "posts"))
                .redirectErrorStream(true).start();
        String result = "";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) if (line.startsWith("RESULT")) result = line;
        }
        p.waitFor();
        return result;
    }
}
