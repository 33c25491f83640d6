package org.afterimage.bench.alerts;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.afterimage.model.Evidence;
import org.afterimage.model.EvidenceItem;
import org.afterimage.model.Platform;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalEvent;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.kafka.TopicAdmin;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.SearchApi;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.alert.Alerts;
import org.afterimage.search.alert.WebhookSignature;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.index.Docs;
import org.afterimage.search.index.IndexLayout;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Alerts: (1) matching cost of one batch of newly indexed events against 10, 1,000 and 10,000 subscriptions (one
 * multi-search restricted to the batch's ids, per 1,000 subscriptions), as a ratio to one plain search of the same
 * batch ids; (2) alert delay from event produced to signed webhook received, p50/p95, at a steady event rate.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.afterimage.bench.alerts.AlertsBench --es http://127.0.0.1:9200
 * --kafka 127.0.0.1:19092 --docs 20000 --batch 100 --rate 100 --seconds 20}
 */
public final class AlertsBench {
    static final String[] WORDS = {"lawyer", "protest", "vaccine", "flood", "strike", "court", "petition", "wuhan", "hong", "kong",
        "tiananmen", "police", "school", "factory", "river", "election", "censor", "journalist", "hospital", "bank", "housing",
        "land", "village", "student", "teacher", "worker", "doctor", "rights", "letter", "video"};
    static final RemovalReason[] REASONS = {RemovalReason.CENSORED, RemovalReason.CENSORED, RemovalReason.ACCOUNT_SUSPENDED,
        RemovalReason.REMOVED_BY_MODERATOR, RemovalReason.NOT_FOUND, RemovalReason.DELETED_BY_AUTHOR};
    static final Platform[] PLATFORMS = {Platform.WECHAT, Platform.WEIBO, Platform.REDDIT};

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
        String esUrl = arg(args, "es", "http://127.0.0.1:9200");
        String kafka = arg(args, "kafka", "127.0.0.1:19092");
        int docs = Integer.parseInt(arg(args, "docs", "20000"));
        int batch = Integer.parseInt(arg(args, "batch", "100"));
        int rate = Integer.parseInt(arg(args, "rate", "100"));
        int seconds = Integer.parseInt(arg(args, "seconds", "20"));
        System.out.printf("AlertsBench %s, %d cores, docs %d, batch %d%n", Instant.now(), Runtime.getRuntime().availableProcessors(), docs, batch);
        matching(esUrl, docs, batch);
        if (seconds > 0) delay(esUrl, kafka, rate, seconds);
        System.exit(0);
    }

    static RemovalEvent event(String tag, int i, Random r, Instant producedish) {
        PostKey key = PostKey.of(PLATFORMS[i % PLATFORMS.length], tag + "-" + i);
        RemovalReason reason = REASONS[r.nextInt(REASONS.length)];
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 12; w++) text.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
        text.append("维权律师 被删除 ").append(i);
        return new RemovalEvent(PostEvent.idFor(key, 2), key, 2, producedish, "https://example.org/p/" + i, "author" + (i % 500),
                producedish.minusSeconds(3600), producedish.minusSeconds(60), reason, new Evidence(200, "sig", "message", ""),
                0.05 + r.nextDouble() * 0.9, List.of(new EvidenceItem("reason", "message", 1.0)), text.toString(), List.of());
    }

    static List<Map<String, List<String>>> queries(int n, Random r) {
        List<Map<String, List<String>>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, List<String>> q = new java.util.HashMap<>();
            switch (i % 4) {
                case 0 -> q.put("q", List.of(WORDS[r.nextInt(WORDS.length)]));
                case 1 -> {
                    q.put("q", List.of(WORDS[r.nextInt(WORDS.length)] + " " + WORDS[r.nextInt(WORDS.length)]));
                    q.put("platform", List.of(PLATFORMS[r.nextInt(PLATFORMS.length)].id()));
                }
                case 2 -> {
                    q.put("reason", List.of("CENSORED"));
                    q.put("minProbability", List.of(String.valueOf(Math.round(r.nextDouble() * 100) / 100.0)));
                }
                default -> {
                    q.put("author", List.of("author" + r.nextInt(500)));
                    q.put("q", List.of("\"" + WORDS[r.nextInt(WORDS.length)] + "\""));
                }
            }
            out.add(q);
        }
        return out;
    }

    static void matching(String esUrl, int docs, int batch) throws Exception {
        ElasticsearchClient es = DocJson.client(esUrl);
        String prefix = "bench-alerts-" + ProcessHandle.current().pid() + "-";
        IndexLayout layout = new IndexLayout(prefix, 1, 0);
        try {
            layout.ensure(es);
            Random r = new Random(42);
            Instant t = Instant.parse("2026-11-01T00:00:00Z");
            List<String> ids = new ArrayList<>();
            for (int from = 0; from < docs; from += 2000) {
                BulkRequest.Builder b = new BulkRequest.Builder();
                for (int i = from; i < Math.min(docs, from + 2000); i++) {
                    RemovalEvent e = event("m", i, r, t.plusSeconds(i));
                    b.operations(o -> o.index(x -> x.index(layout.eventsAlias()).id(e.eventId()).document(Docs.event(e))));
                    if (i >= docs - batch) ids.add(e.eventId());
                }
                var resp = es.bulk(b.build());
                if (resp.errors()) throw new IllegalStateException("bulk errors: " + resp.items().get(0).error());
            }
            es.indices().refresh(x -> x.index(layout.eventsAlias()));
            System.out.printf("%nMatching: %d events indexed, batch of the last %d ids%n", docs, batch);
            System.out.println("| subscriptions | matches | filters-agg multi-search p50 ms | p95 ms | one search per subscription p50 ms | plain search of the batch ids p50 ms | ratio to plain search (p50) | identical results |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (int n : new int[]{10, 1000, 10000}) {
                List<Map<String, List<String>>> qs = queries(n, new Random(n));
                int reps = n >= 10000 ? 5 : n >= 1000 ? 10 : 30;
                List<Long> times = new ArrayList<>();
                List<Long> base = new ArrayList<>();
                List<Long> each = new ArrayList<>();
                long matches = 0;
                boolean identical = true;
                int eachReps = n >= 10000 ? 1 : n >= 1000 ? 3 : reps;   // the slow reference, fewer rounds
                for (int rep = -1; rep < eachReps; rep++) {
                    long e0 = System.nanoTime();
                    List<List<String>> ref = Alerts.matchOneSearchEach(es, layout.eventsAlias(), qs, ids, 1000);
                    if (rep >= 0) each.add(System.nanoTime() - e0);
                    List<List<String>> fast = Alerts.match(es, layout.eventsAlias(), qs, ids, 1000);
                    for (int i = 0; i < n; i++) identical &= new java.util.HashSet<>(ref.get(i)).equals(new java.util.HashSet<>(fast.get(i)));
                }
                each.sort(null);
                for (int rep = -2; rep < reps; rep++) {   // two warm-up rounds
                    long b0 = System.nanoTime();
                    es.search(s -> s.index(layout.eventsAlias()).query(q -> q.ids(x -> x.values(ids))).size(ids.size())
                            .source(src -> src.fetch(false)), Void.class);
                    long b1 = System.nanoTime();
                    List<List<String>> m = Alerts.match(es, layout.eventsAlias(), qs, ids, 1000);
                    long t1 = System.nanoTime();
                    if (rep >= 0) {
                        base.add(b1 - b0);
                        times.add(t1 - b1);
                    }
                    matches = m.stream().mapToLong(List::size).sum();
                }
                times.sort(null);
                base.sort(null);
                double p50 = times.get(times.size() / 2) / 1e6;
                double p95 = times.get((int) Math.ceil(times.size() * 0.95) - 1) / 1e6;
                double b50 = base.get(base.size() / 2) / 1e6;
                System.out.printf("| %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1fx | %s |%n", n, matches, p50, p95,
                        each.get(each.size() / 2) / 1e6, b50, p50 / b50, identical);
            }
        } finally {
            es.indices().delete(d -> d.index(prefix + "*").ignoreUnavailable(true).allowNoIndices(true));
            es.close();
        }
    }

    static void delay(String esUrl, String kafka, int rate, int seconds) throws Exception {
        String ns = "bench-alerts-" + ProcessHandle.current().pid();
        Topics topics = Topics.in(ns);
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        try (Admin admin = Admin.create(ap)) {
            TopicAdmin.ensure(admin, topics, 3, Duration.ofSeconds(60));
        }
        String secret = "bench-secret-0123456789abcdef";
        List<long[]> got = new CopyOnWriteArrayList<>();   // {produced, matched, received}
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        HttpServer rx = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        rx.createContext("/", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                long now = System.currentTimeMillis();
                if (!WebhookSignature.verify(ex.getRequestHeaders().getFirst(WebhookSignature.HEADER), secret, body, now / 1000, 300)) {
                    ex.sendResponseHeaders(401, -1);
                    return;
                }
                JsonNode a = DocJson.MAPPER.readTree(body);
                if (seen.putIfAbsent(a.get("alertId").asText(), true) == null) {
                    got.add(new long[]{Instant.parse(a.get("producedAt").asText()).toEpochMilli(),
                        Instant.parse(a.get("matchedAt").asText()).toEpochMilli(), now});
                }
                ex.sendResponseHeaders(204, -1);
            }
        });
        rx.start();
        String admin = "bench-admin-key-0123456789abcdef";
        SearchConfig cfg = SearchConfig.fromYaml("""
                http: {port: 0, host: 127.0.0.1}
                alerts:
                  webhook: {allowPrivateHosts: ["127.0.0.1"]}
                  delivery: {groupId: %s-delivery}
                """.formatted(ns)).withIndexPrefix(ns + "-").withGroupId(ns + "-indexer");
        try (SearchApi api = SearchApi.builder().config(cfg).topics(topics).kafkaBootstrapServers(kafka).elasticsearchUrl(esUrl)
                .dataDir(Files.createTempDirectory("alerts-bench")).withIndexer(true).adminKey(Optional.of(admin)).start()) {
            HttpClient http = HttpClient.newHttpClient();
            // one webhook subscription that matches every event, plus 99 that match some (the matcher checks them all)
            List<Map<String, List<String>>> others = queries(99, new Random(7));
            post(http, api.port(), admin, "{\"query\":{\"q\":\"维权律师\"},\"delivery\":{\"webhook\":{\"url\":\"http://127.0.0.1:"
                    + rx.getAddress().getPort() + "/hook\",\"secret\":\"" + secret + "\"}}}");
            for (Map<String, List<String>> q : others) post(http, api.port(), admin, "{\"query\":" + DocJson.MAPPER.writeValueAsString(flat(q)) + "}");
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
            pp.put(ProducerConfig.ACKS_CONFIG, "all");
            pp.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            int n = rate * seconds;
            Random r = new Random(1);
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pp)) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    RemovalEvent e = event("d", i, r, Instant.now());
                    if (e.reason() == RemovalReason.DELETED_BY_AUTHOR) {   // hidden: keep every event alerting
                        e = new RemovalEvent(e.eventId(), e.key(), e.seq(), e.detectedAt(), e.url(), e.author(), e.publishedAt(),
                                e.lastSeenPresent(), RemovalReason.CENSORED, e.evidence(), e.probability(), e.items(), e.text(), e.countries());
                    }
                    p.send(new ProducerRecord<>(topics.events(), e.key().toString().getBytes(StandardCharsets.UTF_8), Codecs.EVENT.encode(e)));
                    long wait = t0 + (long) ((i + 1) * 1e9 / rate) - System.nanoTime();
                    if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (got.size() < n && System.nanoTime() < end) Thread.sleep(100);
            List<Long> total = new ArrayList<>();
            List<Long> match = new ArrayList<>();
            for (long[] g : got) {
                total.add(g[2] - g[0]);
                match.add(g[1] - g[0]);
            }
            total.sort(null);
            match.sort(null);
            System.out.printf("%nDelay at %d events/s for %d s (%d events, 100 subscriptions, 1 webhook): %d alerts received%n", rate, seconds, n, got.size());
            System.out.println("| stage | p50 ms | p95 ms | max ms |");
            System.out.println("|---|---|---|---|");
            System.out.printf("| produced -> matched (indexer bulk + refresh + multi-search + alert produced) | %d | %d | %d |%n",
                    pct(match, 0.5), pct(match, 0.95), match.get(match.size() - 1));
            System.out.printf("| produced -> signed webhook received | %d | %d | %d |%n", pct(total, 0.5), pct(total, 0.95), total.get(total.size() - 1));
        } finally {
            rx.stop(0);
        }
    }

    static Map<String, Object> flat(Map<String, List<String>> q) {
        Map<String, Object> m = new java.util.TreeMap<>();
        q.forEach((k, v) -> m.put(k, v.size() == 1 ? v.get(0) : v));
        return m;
    }

    static long pct(List<Long> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p) - 1));
    }

    static void post(HttpClient http, int port, String key, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/subscriptions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IllegalStateException("subscription refused: " + r.statusCode() + " " + r.body());
    }

    static String arg(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals("--" + name)) return args[i + 1];
        return def;
    }
}
