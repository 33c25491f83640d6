package org.afterimage.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.afterimage.model.AlterationEvent;
import org.afterimage.model.Capture;
import org.afterimage.model.ContentHash;
import org.afterimage.model.Platform;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.PostRecord;
import org.afterimage.model.PostStatus;
import org.afterimage.model.PostVersion;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.SearchApi;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.WechatFixture;
import org.afterimage.search.index.DocJson;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every endpoint on real Kafka and Elasticsearch, fed with the real WeChatScope removals (Chinese titles, the
 * platform's own removal messages and times) through the indexer.
 */
@RealEngines
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiIT {
    static final int REMOVED = 2000;
    static final int LIVE = 200;
    static final String ADMIN = "it-admin-key-0123456789abcdef";

    Topics topics;
    String prefix;
    Path dataDir;
    SearchApi api;
    ElasticsearchClient es;
    Engines engines;
    List<WechatFixture.Row> rows;
    String reader;
    String subscriber;
    String exporter;
    int port;
    int hiddenCount;
    int censoredCount;

    @BeforeAll
    void start(Engines engines) throws Exception {
        this.engines = engines;
        topics = Topics.in(Engines.uniqueName("api"));
        prefix = Engines.uniqueName("api") + "-";
        dataDir = Files.createTempDirectory("search-api-it");
        ItSupport.createTopics(engines.kafkaBootstrapServers(), topics, 2);
        es = DocJson.client(engines.elasticsearchUrl());
        // no retention purge: the fixture's self-deletions are years old, and this test needs them (hidden, counted)
        SearchConfig config = SearchConfig.fromYaml("http: {port: 0, host: 127.0.0.1}\n"
                + "privacy: {selfDeletedRetention: \"0\"}\n"
                + "auth: {rateLimits: {reader: {perMinute: 60000, burst: 5000}, exporter: {perMinute: 60000, burst: 5000}, "
                + "subscriber: {perMinute: 60000, burst: 5000}}}").withIndexPrefix(prefix).withGroupId(Engines.uniqueName("g"));
        api = SearchApi.builder().config(config).topics(topics).kafkaBootstrapServers(engines.kafkaBootstrapServers())
                .elasticsearchUrl(engines.elasticsearchUrl()).dataDir(dataDir).withIndexer(true).adminKey(Optional.of(ADMIN))
                .routes(cfg -> cfg.routes.get("/health/live", ctx -> ctx.result("ok")))
                .start();
        port = api.port();
        reader = api.createKey("reader", "it");
        subscriber = api.createKey("subscriber", "it");
        exporter = api.createKey("exporter", "it");
        rows = WechatFixture.rows();
        try (KafkaProducer<byte[], byte[]> p = ItSupport.producer(engines.kafkaBootstrapServers())) {
            for (int i = 0; i < REMOVED; i++) {
                ItSupport.send(p, topics, WechatFixture.removed(i, rows.get(i)));
                ItSupport.send(p, topics, WechatFixture.removalEvent(i, rows.get(i)));
                RemovalReason r = WechatFixture.reason(rows.get(i).message());
                if (r == RemovalReason.DELETED_BY_AUTHOR) hiddenCount++;
                if (r == RemovalReason.CENSORED) censoredCount++;
            }
            for (int i = REMOVED; i < REMOVED + LIVE; i++) ItSupport.send(p, topics, WechatFixture.live(i, rows.get(i)));
            ItSupport.send(p, topics, altered());
            ItSupport.send(p, topics, alteration());
            for (Capture c : captures()) {
                p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.captures(), ItSupport.bytes(c.key().toString()),
                        org.afterimage.model.json.Codecs.CAPTURE.encode(c)));
            }
            p.flush();
        }
        ItSupport.await("fixture indexed", Duration.ofSeconds(120),
                () -> ItSupport.count(es, prefix + "posts") == REMOVED + LIVE + 1 && ItSupport.count(es, prefix + "events") == REMOVED + 1);
    }

    @AfterAll
    void stop() {
        if (api != null) api.close();
        ItSupport.deleteIndices(es, prefix);
    }

    static final Instant T0 = Instant.parse("2024-06-04T08:00:00Z");
    static final String V1 = "Lawyers gathered in Beijing 维权律师 to discuss the case";
    static final String V2 = "Lawyers met in Beijing 维权人士 to discuss the case";

    static PostRecord altered() {
        return new PostRecord(PostKey.of(Platform.WEIBO, "alt/1"), 2, "https://weibo.com/alt/1", "editor", T0, T0,
                T0.plusSeconds(3600), T0.plusSeconds(3600), PostStatus.ALTERED,
                List.of(new PostVersion(ContentHash.of(V1), V1, T0, T0.plusSeconds(60)),
                        new PostVersion(ContentHash.of(V2), V2, T0.plusSeconds(3600), T0.plusSeconds(3600))),
                null, List.of(), 3);
    }

    String warcRecordId;

    /** Two captures of weibo:alt/1: the first archived in a real gzip-per-record WARC file (after another record), the second not. */
    List<Capture> captures() throws IOException {
        Path warcDir = dataDir.resolve("warc");
        Files.createDirectories(warcDir);
        long offset;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(warcDir.resolve("it.warc.gz"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             org.netpreserve.jwarc.WarcWriter w = new org.netpreserve.jwarc.WarcWriter(ch, org.netpreserve.jwarc.WarcCompression.GZIP)) {
            w.write(new org.netpreserve.jwarc.Warcinfo.Builder().fields(Map.of("software", List.of("afterimage-it"))).build());
            offset = w.position();
            var resp = new org.netpreserve.jwarc.WarcResponse.Builder(URI.create("https://weibo.com/alt/1")).date(T0)
                    .body(org.netpreserve.jwarc.MediaType.HTTP_RESPONSE,
                            ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>" + V1 + "</p>").getBytes(StandardCharsets.UTF_8))
                    .build();
            warcRecordId = resp.id().toString();
            w.write(resp);
        }
        PostKey k = PostKey.of(Platform.WEIBO, "alt/1");
        Capture first = Capture.present(k, "https://weibo.com/alt/1", T0, "editor", V1, T0, null)
                .withWarc(new org.afterimage.model.WarcRef("it.warc.gz", offset, warcRecordId, ""));
        Capture second = Capture.present(k, "https://weibo.com/alt/1", T0.plusSeconds(3600), "editor", V2, T0, null);
        return List.of(first, second);
    }

    static PostEvent alteration() {
        PostKey k = PostKey.of(Platform.WEIBO, "alt/1");
        return new AlterationEvent(PostEvent.idFor(k, 2), k, 2, T0.plusSeconds(3600), "https://weibo.com/alt/1", "editor", T0,
                ContentHash.of(V1), ContentHash.of(V2), V1, V2, List.of());
    }

    ItSupport.Response get(String path, String key) {
        return ItSupport.get(port, path, key);
    }

    int visibleRemoved() {
        return REMOVED - hiddenCount;
    }

    // ---- search

    @Test
    void chinesePhraseSearchFindsExactlyThePostsHoldingThePhrase() {
        String phrase = "幹部年輕化";
        var r = get("/api/v1/posts?size=100&q=" + ItSupport.enc(phrase), reader);
        assertThat(r.status()).isEqualTo(200);
        JsonNode items = r.json().get("items");
        Set<String> keys = new HashSet<>();
        items.forEach(i -> keys.add(i.get("key").asText()));
        assertThat(keys).contains("wechat:mp/0");
        for (JsonNode i : items) {
            assertThat(i.get("text").asText().replaceAll("[^\\p{IsHan}]", "")).contains(phrase);
            assertThat(i.get("highlights").get("text").get(0).asText()).contains("<em>");
        }
        // the same characters out of order are not the phrase
        var shuffled = get("/api/v1/posts?q=" + ItSupport.enc("年輕幹部化"), reader).json();
        assertThat(shuffled.get("items").findValuesAsText("key")).doesNotContain("wechat:mp/0");
        // exclusion and OR
        var excl = get("/api/v1/posts?q=" + ItSupport.enc(phrase + " -獨家"), reader).json();
        assertThat(excl.get("items").findValuesAsText("key")).doesNotContain("wechat:mp/0");
        var or = get("/api/v1/posts?q=" + ItSupport.enc("幹部年輕化 OR 维权人士"), reader).json();
        assertThat(or.get("items").findValuesAsText("key")).contains("wechat:mp/0", "weibo:alt/1");
    }

    @Test
    void filtersCombineAndTotalsMatchTheFixture() {
        var r = get("/api/v1/posts?platform=wechat&status=removed&reason=CENSORED&size=5", reader).json();
        assertThat(r.get("total").asLong()).isEqualTo(censoredCount);
        assertThat(r.get("items")).hasSize(5);
        assertThat(get("/api/v1/posts?minProbability=0.8", reader).json().get("total").asLong()).isEqualTo(censoredCount);
        assertThat(get("/api/v1/posts?status=live", reader).json().get("total").asLong()).isEqualTo(LIVE);
        assertThat(get("/api/v1/posts?platform=weibo", reader).json().get("total").asLong()).isEqualTo(1);
        assertThat(get("/api/v1/posts?author=editor", reader).json().get("items").get(0).get("key").asText()).isEqualTo("weibo:alt/1");
        assertThat(get("/api/v1/posts?from=2024-06-04&to=2024-06-04", reader).json().get("total").asLong()).isEqualTo(1);
        var sorted = get("/api/v1/posts?sort=probability&size=3", reader).json().get("items");
        assertThat(sorted.get(0).get("probability").asDouble()).isGreaterThanOrEqualTo(sorted.get(2).get("probability").asDouble());
    }

    @Test
    void selfDeletionsAreHiddenUnlessAdmin() {
        long total = REMOVED + LIVE + 1;
        assertThat(get("/api/v1/posts", reader).json().get("total").asLong()).isEqualTo(total - hiddenCount);
        assertThat(get("/api/v1/posts", ADMIN).json().get("total").asLong()).isEqualTo(total);
        assertThat(get("/api/v1/posts?reason=DELETED_BY_AUTHOR", reader).json().get("total").asLong()).isZero();
        assertThat(get("/api/v1/events?reason=DELETED_BY_AUTHOR", reader).json().get("total").asLong()).isZero();
        int hidden = firstRow(RemovalReason.DELETED_BY_AUTHOR);
        assertThat(get("/api/v1/posts/wechat/mp/" + hidden, reader).status()).isEqualTo(404);
        assertThat(get("/api/v1/posts/wechat/mp/" + hidden, ADMIN).status()).isEqualTo(200);
    }

    int firstRow(RemovalReason reason) {
        for (int i = 0; i < REMOVED; i++) if (WechatFixture.reason(rows.get(i).message()) == reason) return i;
        throw new AssertionError("no " + reason);
    }

    @Test
    void cursorPagesThroughWithoutDuplicatesOrGaps() {
        Set<String> seen = new HashSet<>();
        String next = null;
        int pages = 0;
        do {
            var r = get("/api/v1/posts?status=removed&size=100" + (next == null ? "" : "&cursor=" + next), reader).json();
            r.get("items").forEach(i -> assertThat(seen.add(i.get("key").asText())).isTrue());
            next = r.get("next").isNull() ? null : r.get("next").asText();
            pages++;
        } while (next != null && pages < 100);
        assertThat(seen).hasSize(visibleRemoved());
    }

    // ---- post history, events, stats

    @Test
    void postHistoryHasVersionsDiffsEventsAndCaptures() {
        var r = get("/api/v1/posts/weibo/alt/1", reader);
        assertThat(r.status()).isEqualTo(200);
        JsonNode p = r.json();
        assertThat(p.get("versions")).hasSize(2);
        assertThat(p.get("versions").get(0).get("text").asText()).isEqualTo(V1);
        JsonNode segs = p.get("diffs").get(0).get("segments");
        List<String> deleted = new ArrayList<>();
        List<String> inserted = new ArrayList<>();
        segs.forEach(s -> (s.get("op").asText().equals("delete") ? deleted : s.get("op").asText().equals("insert") ? inserted : new ArrayList<String>()).add(s.get("text").asText()));
        assertThat(String.join("", deleted)).contains("gathered").contains("律师");
        assertThat(String.join("", inserted)).contains("met").contains("人士");
        assertThat(p.get("events")).hasSize(1);
        assertThat(p.get("events").get(0).get("type").asText()).isEqualTo("alteration");
        assertThat(p.get("captures").asInt()).isEqualTo(3);
        assertThat(p.get("captureTimes").get("lastSeen").asText()).isEqualTo(T0.plusSeconds(3600).toString());

        int censored = firstRow(RemovalReason.CENSORED);
        JsonNode c = get("/api/v1/posts/wechat/mp/" + censored, reader).json();
        assertThat(c.get("events").get(0).get("probability").asDouble()).isEqualTo(0.9);
        assertThat(c.get("events").get(0).get("evidence").get("message").asText()).isEqualTo(rows.get(censored).message());
        assertThat(c.get("removal").get("reason").asText()).isEqualTo("CENSORED");

        assertThat(p.get("captureList")).hasSize(2);
        assertThat(p.get("captureList").get(0).get("warc").asText()).isEqualTo("/api/v1/posts/weibo/alt/1/captures/1/warc");
        assertThat(p.get("captureList").get(1).has("warc")).isFalse();
        var warc = get("/api/v1/posts/weibo/alt/1/captures/1/warc", reader);
        assertThat(warc.status()).isEqualTo(200);
        assertThat(warc.header("Content-Type")).startsWith("application/warc");
        assertThat(warc.body()).startsWith("WARC/1.").contains("WARC-Record-ID: <" + warcRecordId + ">").contains(V1);
        assertThat(get("/api/v1/posts/weibo/alt/1/captures/2/warc", reader).status()).isEqualTo(404);
        assertThat(get("/api/v1/posts/weibo/alt/1/captures/9/warc", reader).status()).isEqualTo(404);
        assertThat(get("/api/v1/posts/weibo/alt/1/captures/x/warc", reader).status()).isEqualTo(400);
        assertThat(get("/api/v1/posts/weibo/alt/1/captures/1/warc", null).status()).isEqualTo(401);

        assertThat(get("/api/v1/posts/weibo/nope", reader).status()).isEqualTo(404);
        assertThat(get("/api/v1/posts/myspace/1", reader).status()).isEqualTo(400);
    }

    @Test
    void eventsFilterByTypeAndReason() {
        assertThat(get("/api/v1/events?type=alteration", reader).json().get("total").asLong()).isEqualTo(1);
        assertThat(get("/api/v1/events?type=removal&reason=CENSORED", reader).json().get("total").asLong()).isEqualTo(censoredCount);
        var q = get("/api/v1/events?q=" + ItSupport.enc("幹部年輕化"), reader).json();
        assertThat(q.get("items").findValuesAsText("key")).contains("wechat:mp/0");
    }

    @Test
    void statsCountRemovalsByReasonDayAndTime() {
        JsonNode s = get("/api/v1/stats", reader).json();
        assertThat(s.get("removals").asLong()).isEqualTo(visibleRemoved());
        assertThat(s.get("byReason").get("CENSORED").asLong()).isEqualTo(censoredCount);
        assertThat(s.get("byReason").has("DELETED_BY_AUTHOR")).isFalse();
        assertThat(s.get("byPlatform").get("wechat").asLong()).isEqualTo(visibleRemoved());
        long perDay = 0;
        for (JsonNode d : s.get("perDay")) perDay += d.get("count").asLong();
        assertThat(perDay).isEqualTo(visibleRemoved());
        assertThat(s.get("timeToRemovalSeconds").get("p50").asDouble()).isPositive();
        assertThat(s.get("topAuthors")).isNotEmpty();
        assertThat(s.get("topTerms")).isNotNull();
        JsonNode admin = get("/api/v1/stats", ADMIN).json();
        assertThat(admin.get("removals").asLong()).isEqualTo(REMOVED);
    }

    // ---- export

    @Test
    void exportJsonlCsvAndGzip() throws IOException {
        var jsonl = get("/api/v1/export?format=jsonl&status=removed", exporter);
        assertThat(jsonl.status()).isEqualTo(200);
        String[] lines = jsonl.body().split("\n");
        assertThat(lines).hasSize(visibleRemoved() + 1);
        JsonNode header = DocJson.MAPPER.readTree(lines[0]).get("export");
        assertThat(header.get("schema").asInt()).isEqualTo(1);
        assertThat(header.get("query").get("status").get(0).asText()).isEqualTo("removed");
        assertThat(header.get("generatedAt").asText()).isNotEmpty();
        Set<String> keys = new HashSet<>();
        for (int i = 1; i < lines.length; i++) keys.add(DocJson.MAPPER.readTree(lines[i]).get("key").asText());
        assertThat(keys).hasSize(visibleRemoved());

        var csv = get("/api/v1/export?format=csv&reason=CENSORED", exporter);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("key,platform,postId,");
        assertThat(csv.body().split("\r\n")).hasSize(censoredCount + 1);
        assertThat(DocJson.MAPPER.readTree(csv.header("X-Afterimage-Export")).get("export").get("format").asText()).isEqualTo("csv");

        HttpResponse<byte[]> gz;
        try {
            gz = ItSupport.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/export?gzip=true&status=live"))
                    .header("X-API-Key", exporter).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(gz.statusCode()).isEqualTo(200);
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(text.split("\n")).hasSize(LIVE + 1);
    }

    // ---- keys and roles

    @Test
    void everyRoleOnEveryEndpoint() {
        Map<String, String> keys = Map.of("reader", reader, "subscriber", subscriber, "exporter", exporter, "admin", ADMIN);
        // endpoint -> roles allowed
        Map<String, Set<String>> allowed = Map.of(
                "/api/v1/posts", Set.of("reader", "subscriber", "exporter", "admin"),
                "/api/v1/posts/weibo/alt/1", Set.of("reader", "subscriber", "exporter", "admin"),
                "/api/v1/events", Set.of("reader", "subscriber", "exporter", "admin"),
                "/api/v1/stats", Set.of("reader", "subscriber", "exporter", "admin"),
                "/api/v1/export?status=live", Set.of("exporter", "admin"),
                "/api/v1/keys", Set.of("admin"));
        allowed.forEach((path, roles) -> {
            keys.forEach((role, key) -> assertThat(get(path, key).status()).as(role + " on " + path)
                    .isEqualTo(roles.contains(role) ? 200 : 403));
            var none = get(path, null);
            assertThat(none.status()).as("no key on " + path).isEqualTo(401);
            assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(get(path, "aik_forged").status()).as("forged key on " + path).isEqualTo(401);
        });
        assertThat(get("/api/v1/openapi.json", null).status()).isEqualTo(200);
        assertThat(get("/health/live", null).status()).isEqualTo(200);
        assertThat(ItSupport.call(port, "POST", "/api/v1/keys", reader, "application/json", "{\"role\":\"admin\"}".getBytes()).status()).isEqualTo(403);
    }

    @Test
    void adminCreatesListsAndRevokesKeys() {
        var created = ItSupport.call(port, "POST", "/api/v1/keys", ADMIN, "application/json",
                "{\"role\":\"reader\",\"name\":\"lab\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().get("key").asText();
        String id = created.json().get("id").asText();
        assertThat(get("/api/v1/posts?size=1", key).status()).isEqualTo(200);
        assertThat(get("/api/v1/keys", ADMIN).body()).contains(id).doesNotContain(key);
        assertThat(ItSupport.call(port, "DELETE", "/api/v1/keys/" + id, ADMIN, null, null).status()).isEqualTo(204);
        assertThat(get("/api/v1/posts?size=1", key).status()).isEqualTo(401);
        assertThat(ItSupport.call(port, "DELETE", "/api/v1/keys/" + id, ADMIN, null, null).status()).isEqualTo(404);
    }

    // ---- bad input

    @Test
    void badInputIsA4xxNamingTheParameterNeverA500() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/api/v1/posts?page=2", "page");
        cases.put("/api/v1/posts?size=1000", "size");
        cases.put("/api/v1/posts?size=-1", "size");
        cases.put("/api/v1/posts?size=abc", "size");
        cases.put("/api/v1/posts?minProbability=high", "minProbability");
        cases.put("/api/v1/posts?from=last-week", "from");
        cases.put("/api/v1/posts?status=deleted", "status");
        cases.put("/api/v1/posts?platform=myspace", "platform");
        cases.put("/api/v1/posts?reason=boredom", "reason");
        cases.put("/api/v1/posts?sort=random", "sort");
        cases.put("/api/v1/posts?q=" + "x".repeat(1500), "q");
        cases.put("/api/v1/posts?cursor=garbage", "cursor");
        cases.put("/api/v1/posts?cursor=" + "A".repeat(3000), "cursor");
        cases.put("/api/v1/events?type=war", "type");
        cases.put("/api/v1/events?status=removed", "status");
        cases.put("/api/v1/stats?size=5", "size");
        cases.put("/api/v1/export?format=xml", "format");
        cases.put("/api/v1/export?gzip=maybe", "gzip");
        cases.put("/api/v1/posts/weibo/alt/1?verbose=1", "verbose");
        cases.forEach((path, param) -> {
            var r = get(path, ADMIN);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.json().get("error").get("code").asText()).isEqualTo("invalid_parameter");
            assertThat(r.json().get("error").get("message").asText()).as(path).startsWith(param + ":");
        });
        // a cursor of one query used on another
        String next = get("/api/v1/posts?size=1&status=removed", ADMIN).json().get("next").asText();
        var foreign = get("/api/v1/posts?size=1&status=live&cursor=" + next, ADMIN);
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().get("error").get("message").asText()).startsWith("cursor:");
        // a forged cursor with the right fingerprint but a wrong sort value type
        // hostile q syntax is parsed leniently, never a 500
        for (String q : List.of("\"unbalanced", "((((", "a | | b", "-", "*", "~~~", "\\", "OR OR OR", "<script>alert(1)</script>", "/.*/")) {
            assertThat(get("/api/v1/posts?q=" + ItSupport.enc(q), ADMIN).status()).as(q).isEqualTo(200);
        }
        // bodies
        List<String> bodies = List.of("", "{", "[]", "null", "{\"role\":5}", "{\"role\":\"god\"}", "{\"role\":\"reader\",\"extra\":1}",
                "{\"role\":\"reader\",\"name\":" + "[".repeat(1000) + "]".repeat(1000) + "}");
        for (String b : bodies) {
            var r = ItSupport.call(port, "POST", "/api/v1/keys", ADMIN, "application/json", b.getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as(b.length() > 50 ? b.substring(0, 50) : b).isEqualTo(400);
            assertThat(r.json().get("error").get("code").asText()).isEqualTo("invalid_parameter");
        }
        assertThat(ItSupport.call(port, "POST", "/api/v1/keys", ADMIN, "text/plain", "{\"role\":\"reader\"}".getBytes()).status()).isEqualTo(400);
        var huge = ItSupport.call(port, "POST", "/api/v1/keys", ADMIN, "application/json", new byte[200_000]);
        assertThat(huge.status()).isEqualTo(413);
        var unknown = get("/api/v1/nothing", ADMIN);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").get("code").asText()).isEqualTo("not_found");
        var bad = ItSupport.call(port, "GET", "/api/v1/posts", null, null, null);
        assertThat(bad.json().get("error").get("code").asText()).isEqualTo("unauthenticated");
        var basic = ItSupport.HTTP;
        assertThat(basic).isNotNull();
    }

    // ---- OpenAPI and metrics

    @Test
    void liveResponsesMatchTheOpenApiDocument() {
        JsonNode doc = get("/api/v1/openapi.json", null).json();
        OpenApiValidator v = new OpenApiValidator(doc);
        assertThat(doc.get("paths").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("/posts", "/posts/{platform}/{postId}", "/posts/{platform}/{postId}/captures/{n}/warc", "/events", "/stats", "/export", "/keys", "/keys/{id}", "/openapi.json",
                        "/redactions", "/subscriptions", "/subscriptions/{id}", "/subscriptions/{id}/feed.atom",
                        "/subscriptions/{id}/resume", "/subscriptions/{id}/stream");
        record Case(String path, String template, String method, int status, String key) {
        }
        for (Case c : List.of(
                new Case("/api/v1/posts?q=" + ItSupport.enc("幹部年輕化"), "/posts", "get", 200, reader),
                new Case("/api/v1/posts?size=3", "/posts", "get", 200, reader),
                new Case("/api/v1/posts/weibo/alt/1", "/posts/{platform}/{postId}", "get", 200, reader),
                new Case("/api/v1/posts/wechat/mp/" + firstRow(RemovalReason.CENSORED), "/posts/{platform}/{postId}", "get", 200, reader),
                new Case("/api/v1/events?size=5", "/events", "get", 200, reader),
                new Case("/api/v1/stats", "/stats", "get", 200, reader),
                new Case("/api/v1/keys", "/keys", "get", 200, ADMIN),
                new Case("/api/v1/subscriptions", "/subscriptions", "get", 200, ADMIN),
                new Case("/api/v1/subscriptions", "/subscriptions", "get", 403, reader),
                new Case("/api/v1/redactions", "/redactions", "get", 200, ADMIN),
                new Case("/api/v1/redactions", "/redactions", "get", 403, reader),
                new Case("/api/v1/posts?size=0", "/posts", "get", 400, reader),
                new Case("/api/v1/posts", "/posts", "get", 401, null),
                new Case("/api/v1/export", "/export", "get", 403, reader),
                new Case("/api/v1/posts/weibo/none", "/posts/{platform}/{postId}", "get", 404, reader))) {
            var r = get(c.path(), c.key());
            assertThat(r.status()).as(c.path()).isEqualTo(c.status());
            assertThat(v.validate(r.json(), v.responseSchema(c.template(), c.method(), c.status()))).as(c.path()).isEmpty();
        }
        var created = ItSupport.call(port, "POST", "/api/v1/keys", ADMIN, "application/json", "{\"role\":\"reader\"}".getBytes());
        assertThat(v.validate(created.json(), v.responseSchema("/keys", "post", 201))).isEmpty();
    }

    @Test
    void metricsExposeLatencyLagAndBulkFailures() {
        get("/api/v1/posts?size=1", reader);
        var m = get("/metrics", null);
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.body()).contains("afterimage_http_requests_seconds_count").contains("route=\"/api/v1/posts\"")
                .contains("afterimage_indexer_lag").contains("afterimage_indexer_bulk_failures_total")
                .contains("afterimage_indexer_docs_total");
    }

    // ---- rate limits and anonymous reading: a second server on the same indices, with tight limits

    @Test
    void rateLimitsPerKeyAndPerAnonymousClientWithRetryAfter() throws Exception {
        SearchConfig tight = SearchConfig.fromYaml("http: {port: 0, host: 127.0.0.1}\n"
                + "auth: {anonymousRead: true, rateLimits: {anonymous: {perMinute: 2, burst: 2}, reader: {perMinute: 3, burst: 3}, "
                + "exporter: {perMinute: 1, burst: 1}}}").withIndexPrefix(prefix);
        try (SearchApi second = SearchApi.builder().config(tight).topics(topics).elasticsearchUrl(engines.elasticsearchUrl())
                .dataDir(dataDir).adminKey(Optional.of(ADMIN)).start()) {
            int p2 = second.port();
            for (int i = 0; i < 3; i++) assertThat(ItSupport.get(p2, "/api/v1/posts?size=1", reader).status()).isEqualTo(200);
            var limited = ItSupport.get(p2, "/api/v1/posts?size=1", reader);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
            assertThat(limited.json().get("error").get("code").asText()).isEqualTo("rate_limited");
            // another key has its own bucket
            assertThat(ItSupport.get(p2, "/api/v1/posts?size=1", subscriber).status()).isEqualTo(200);
            // exporter: one export per minute
            assertThat(ItSupport.get(p2, "/api/v1/export?status=live", exporter).status()).isEqualTo(200);
            assertThat(ItSupport.get(p2, "/api/v1/export?status=live", exporter).status()).isEqualTo(429);
            // anonymous reading allowed here, limited per client, and never exporting
            assertThat(ItSupport.get(p2, "/api/v1/posts?size=1", null).status()).isEqualTo(200);
            assertThat(ItSupport.get(p2, "/api/v1/posts?size=1", null).status()).isEqualTo(200);
            assertThat(ItSupport.get(p2, "/api/v1/posts?size=1", null).status()).isEqualTo(429);
            assertThat(ItSupport.get(p2, "/api/v1/export", null).status()).isEqualTo(401);
            // anonymous readers do not see self-deletions either
            assertThat(ItSupport.get(p2, "/api/v1/posts?size=1", ADMIN).json().get("total").asLong()).isEqualTo(REMOVED + LIVE + 1);
        }
    }

    @Test
    void aSlowClientIsCutOffAfterTheIdleTimeoutAndOthersAreServed() throws Exception {
        SearchConfig c = SearchConfig.fromYaml("http: {port: 0, host: 127.0.0.1, idleTimeoutSeconds: 1}").withIndexPrefix(prefix);
        try (SearchApi s = SearchApi.builder().config(c).topics(topics).elasticsearchUrl(engines.elasticsearchUrl())
                .dataDir(dataDir).adminKey(Optional.of(ADMIN)).start();
             java.net.Socket slow = new java.net.Socket("127.0.0.1", s.port())) {
            // slowloris: a request line and one header, then nothing; the server must hang up, not wait forever
            slow.getOutputStream().write("GET /api/v1/posts HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            slow.setSoTimeout(20_000);   // a bound for the test, far above the 1 s idle timeout
            byte[] buf = new byte[4096];
            int n;
            StringBuilder answer = new StringBuilder();
            while ((n = slow.getInputStream().read(buf)) >= 0) answer.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            // end of stream reached: closed by the server (a 408 first is fine); a SocketTimeoutException fails the test
            assertThat(answer.toString()).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 408"));
            assertThat(ItSupport.get(s.port(), "/api/v1/posts?size=1", ADMIN).status()).isEqualTo(200);
        }
    }

    @Test
    void elasticsearchUnreachableIsA503WithRetryAfterNotA500() throws Exception {
        SearchConfig c = SearchConfig.fromYaml("http: {port: 0, host: 127.0.0.1}").withIndexPrefix(prefix);
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            int deadPort = closed.getLocalPort();
            closed.close();
            try (SearchApi s = SearchApi.builder().config(c).elasticsearchUrl("http://127.0.0.1:" + deadPort)
                    .dataDir(Files.createTempDirectory("es-down")).adminKey(Optional.of(ADMIN)).start()) {
                for (String path : List.of("/api/v1/posts", "/api/v1/events", "/api/v1/stats", "/api/v1/posts/weibo/alt/1", "/api/v1/export")) {
                    var r = ItSupport.get(s.port(), path, ADMIN);
                    assertThat(r.status()).as(path).isEqualTo(503);
                    assertThat(r.header("Retry-After")).isEqualTo("5");
                    assertThat(r.json().get("error").get("code").asText()).isEqualTo("backend_unavailable");
                }
                // keys live in a file: administration works while Elasticsearch is down
                assertThat(ItSupport.get(s.port(), "/api/v1/keys", ADMIN).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void firstStartPrintsAnAdminKeyOnce() throws Exception {
        Path dir = Files.createTempDirectory("first-start");
        var out = new java.io.ByteArrayOutputStream();
        SearchConfig c = SearchConfig.fromYaml("http: {port: 0, host: 127.0.0.1}").withIndexPrefix(prefix);
        String printed;
        try (SearchApi s = SearchApi.builder().config(c).elasticsearchUrl(engines.elasticsearchUrl()).dataDir(dir)
                .adminKey(Optional.empty()).out(new java.io.PrintStream(out, true, StandardCharsets.UTF_8)).start()) {
            printed = s.initialAdminKey().orElseThrow();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(printed);
            assertThat(ItSupport.get(s.port(), "/api/v1/keys", printed).status()).isEqualTo(200);
        }
        try (SearchApi s = SearchApi.builder().config(c).elasticsearchUrl(engines.elasticsearchUrl()).dataDir(dir)
                .adminKey(Optional.empty()).out(new java.io.PrintStream(new java.io.ByteArrayOutputStream())).start()) {
            assertThat(s.initialAdminKey()).isEmpty();
            assertThat(ItSupport.get(s.port(), "/api/v1/keys", printed).status()).isEqualTo(200);
        }
    }
}
