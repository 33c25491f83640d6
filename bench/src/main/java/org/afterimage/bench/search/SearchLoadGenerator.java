package org.afterimage.bench.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.afterimage.search.index.DocJson;

/**
 * The load generator process: open-loop requests at a fixed rate (latency measured from each request's scheduled
 * time, so a slow server cannot hide its queueing), a mix of Chinese phrase searches, filters and sorts.
 * Args: {@code api|es apiUrl key ratePerSecond seconds esUrl postsAlias}.
 */
public final class SearchLoadGenerator {
    static final List<String> QUERIES = List.of("干部年轻化", "维权律师", "金融风险 攻坚战", "疫苗 -长春长生", "censorship", "房价 OR 贸易战",
            "\"网络安全\"", "lawyers Beijing", "高考", "乡村振兴 新时代");

    public static void main(String[] args) throws Exception {
        String target = args[0];
        String api = args[1];
        String key = args[2];
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        String esUrl = args[5];
        String alias = args[6];
        HttpClient http = HttpClient.newBuilder().build();
        ElasticsearchClient es = DocJson.client(esUrl);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        ConcurrentLinkedQueue<Long> lat = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        int total = rate * seconds;
        // warm-up: 5 s at the same rate, not measured
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 200_000_000L;
        int warm = rate * 5;
        for (int i = 0; i < warm + total; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            final int n = i;
            pool.submit(() -> {
                String q = QUERIES.get(n % QUERIES.size());
                String filter = n % 3 == 0 ? "&status=removed" : n % 3 == 1 ? "&reason=CENSORED&minProbability=0.5" : "";
                try {
                    if (target.equals("api")) {
                        var r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/posts?size=20&q="
                                + URLEncoder.encode(q, StandardCharsets.UTF_8) + filter)).header("X-API-Key", key).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) errors.incrementAndGet();
                    } else {
                        // the same work straight against Elasticsearch: simple_query_string + filters + sort + highlight
                        es.search(s -> s.index(alias).size(20).trackTotalHits(t -> t.enabled(true))
                                .query(qq -> qq.bool(b -> {
                                    b.must(m -> m.simpleQueryString(sq -> sq.query(q).fields("text^3", "previousTexts", "evidenceSummary")
                                            .defaultOperator(Operator.And)));
                                    if (n % 3 == 0) b.filter(f -> f.term(t -> t.field("status").value("removed")));
                                    if (n % 3 == 1) b.filter(f -> f.term(t -> t.field("reason").value("CENSORED")))
                                            .filter(f -> f.range(r -> r.number(x -> x.field("probability").gte(0.5))));
                                    b.mustNot(m -> m.term(t -> t.field("hidden").value(true)));
                                    return b;
                                }))
                                .sort(o -> o.field(f -> f.field("publishedAt").order(SortOrder.Desc)))
                                .sort(o -> o.field(f -> f.field("key").order(SortOrder.Asc)))
                                .source(x -> x.filter(f -> f.excludes("record", "previousTexts")))
                                .highlight(h -> h.encoder(co.elastic.clients.elasticsearch.core.search.HighlighterEncoder.Html)
                                        .fields(co.elastic.clients.util.NamedValue.of("text",
                                                co.elastic.clients.elasticsearch.core.search.HighlightField.of(x -> x.fragmentSize(150).numberOfFragments(3))))),
                                ObjectNode.class);
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
                if (n >= warm) lat.add(System.nanoTime() - due);
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        long[] a = lat.stream().mapToLong(Long::longValue).sorted().toArray();
        Arrays.sort(a);
        System.out.printf("RESULT %s rate=%d/s n=%d errors=%d p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms%n", target, rate, a.length,
                errors.get(), a[a.length / 2] / 1e6, a[(int) (a.length * 0.9)] / 1e6, a[(int) (a.length * 0.99)] / 1e6, a[a.length - 1] / 1e6);
        es.close();
        System.exit(0);
    }
}
