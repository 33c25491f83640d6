package org.afterimage.search.alert;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.afterimage.search.WechatFixture;
import org.afterimage.search.index.DocJson;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Alerts end to end on real Kafka and Elasticsearch: events produced to the events topic go through the indexer,
 * matching, the alerts topic and delivery to loopback receivers (allow-listed), SSE and Atom.
 * {@code -Dalerts.it.downSeconds=N} sets how long the receiver stays down (default 60, the minute).
 */
@RealEngines
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsIT {
    static final String ADMIN = "alerts-it-admin-0123456789abcdef";
    static final String SECRET = "whsec-alerts-it-0123456789";
    static final long DOWN_SECONDS = Long.getLong("alerts.it.downSeconds", 60);

    Topics topics;
    String prefix;
    SearchApi api;
    ElasticsearchClient es;
    KafkaProducer<byte[], byte[]> producer;
    List<WechatFixture.Row> rows;
    String subscriber;
    String otherSubscriber;
    String reader;
    int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start(Engines engines) throws Exception {
        topics = Topics.in(Engines.uniqueName("alerts"));
        prefix = Engines.uniqueName("alerts") + "-";
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers());
        try (Admin admin = Admin.create(ap)) {
            TopicAdmin.ensure(admin, topics, 2, Duration.ofSeconds(60));
        }
        es = DocJson.client(engines.elasticsearchUrl());
        SearchConfig config = SearchConfig.fromYaml("""
                http: {port: 0, host: 127.0.0.1, maxBodyBytes: 4096}
                auth: {rateLimits: {subscriber: {perMinute: 60000, burst: 5000}, reader: {perMinute: 60000, burst: 5000}}}
                indexer: {maxPollRecords: 500}
                alerts:
                  webhook: {allowPrivateHosts: ["127.0.0.1"], timeoutMillis: 2000, retryInitialMillis: 200, retryMaxMillis: 2000, pauseAfterFailures: 5}
                  delivery: {groupId: %s}
                  feed: {recent: 1000, heartbeatSeconds: 2}
                """.formatted(Engines.uniqueName("alerts-delivery")))
                .withIndexPrefix(prefix).withGroupId(Engines.uniqueName("alerts-indexer"));
        api = SearchApi.builder().config(config).topics(topics).kafkaBootstrapServers(engines.kafkaBootstrapServers())
                .elasticsearchUrl(engines.elasticsearchUrl()).dataDir(Files.createTempDirectory("alerts-it"))
                .withIndexer(true).adminKey(Optional.of(ADMIN)).start();
        port = api.port();
        subscriber = api.createKey("subscriber", "alerts-it");
        otherSubscriber = api.createKey("subscriber", "alerts-it-other");
        reader = api.createKey("reader", "alerts-it");
        rows = WechatFixture.rows();
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(pp);
    }

    @AfterAll
    void stop() {
        if (producer != null) producer.close();
        if (api != null) api.close();
        try {
            es.indices().delete(d -> d.index(prefix + "*").ignoreUnavailable(true).allowNoIndices(true));
        } catch (IOException | RuntimeException e) {
            System.err.println("cleanup: " + e);
        }
    }

    /** A removal of a real WeChat post whose text carries {@code token}; reasons cycle so some are hidden self-deletions. */
    PostEvent event(String tag, int i, String token) {
        WechatFixture.Row row = rows.get(i % rows.size());
        RemovalReason reason = switch (i % 6) {
            case 4 -> RemovalReason.DELETED_BY_AUTHOR;
            case 5 -> RemovalReason.ACCOUNT_SUSPENDED;
            default -> RemovalReason.CENSORED;
        };
        double p = reason == RemovalReason.CENSORED ? 0.9 : reason == RemovalReason.DELETED_BY_AUTHOR ? 0.1 : 0.6;
        PostKey key = PostKey.of(Platform.WECHAT, tag + "/" + i);
        return new RemovalEvent(PostEvent.idFor(key, 2), key, 2, Instant.now(), "https://mp.weixin.qq.com/s/" + tag + i,
                row.account(), row.created(), row.created(), reason, new Evidence(200, "wechat:msg", row.message(), ""),
                p, List.of(new EvidenceItem("reason", row.message(), 2.0)), row.title() + " " + token, List.of());
    }

    void send(PostEvent e) throws Exception {
        producer.send(new ProducerRecord<>(topics.events(), e.key().toString().getBytes(StandardCharsets.UTF_8), Codecs.EVENT.encode(e))).get();
    }

    @Test
    void webhookSseAndAtomGetTheSameSignedAlertsWithinFiveSecondsP95() throws Exception {
        String token = "tok" + Long.toHexString(System.nanoTime());
        try (Receiver rx = new Receiver(SECRET).start()) {
            JsonNode sub = create(subscriber, "{\"name\":\"latency\",\"query\":{\"q\":\"" + token + "\",\"platform\":\"wechat\"},"
                    + "\"delivery\":{\"webhook\":{\"url\":\"" + rx.url("/hook") + "\",\"secret\":\"" + SECRET + "\"}}}");
            String id = sub.get("id").asText();
            JsonNode narrow = create(subscriber, "{\"query\":{\"q\":\"" + token + "\",\"reason\":[\"CENSORED\",\"ACCOUNT_SUSPENDED\"],"
                    + "\"minProbability\":0.7}}");
            List<String> sse = new CopyOnWriteArrayList<>();
            Thread sseThread = sseClient(id, sse);
            await("SSE stream open", Duration.ofSeconds(10), () -> sse.contains("#open"));

            int n = 240;   // 200 visible (40 are self-deletions, hidden from a subscriber's query)
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                send(event(token, i, token));
                long due = t0 + (i + 1) * 50_000_000L;   // 20 events/s
                long wait = due - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int visible = (int) java.util.stream.IntStream.range(0, n).filter(i -> i % 6 != 4).count();
            await("all alerts delivered", Duration.ofSeconds(60), () -> rx.perKey.size() >= visible);
            ItAwait.sleep(1500);   // anything extra would show up now
            assertThat(rx.perKey).hasSize(visible);
            assertThat(rx.deliveries).allSatisfy(d -> {
                assertThat(d.signatureOk()).as("signature of " + d.alertId()).isTrue();
                assertThat(d.idempotencyKey()).isEqualTo(d.alertId());
                assertThat(d.body().get("subscriptionId").asText()).isEqualTo(id);
                assertThat(d.body().at("/event/reason").asText()).isNotEqualTo("DELETED_BY_AUTHOR");
                assertThat(d.body().at("/post/key").asText()).startsWith("wechat:" + token);
            });
            List<Long> delays = new ArrayList<>();
            List<Long> toMatch = new ArrayList<>();
            for (Receiver.Delivery d : rx.deliveries) {
                long produced = Instant.parse(d.body().get("producedAt").asText()).toEpochMilli();
                delays.add(d.receivedAtMillis() - produced);
                toMatch.add(Instant.parse(d.body().get("matchedAt").asText()).toEpochMilli() - produced);
            }
            delays.sort(null);
            toMatch.sort(null);
            long p50 = delays.get(delays.size() / 2);
            long p95 = delays.get((int) Math.ceil(delays.size() * 0.95) - 1);
            System.out.printf("ALERT DELAY produced->webhook over %d alerts at 20 events/s: p50 %d ms, p95 %d ms, max %d ms"
                    + " (produced->matched p50 %d ms, p95 %d ms)%n", delays.size(), p50, p95, delays.get(delays.size() - 1),
                    toMatch.get(toMatch.size() / 2), toMatch.get((int) Math.ceil(toMatch.size() * 0.95) - 1));

            Set<String> webhookIds = new HashSet<>(rx.perKey.keySet());
            await("SSE saw every alert", Duration.ofSeconds(20), () -> sseIds(sse).size() >= visible);
            assertThat(sseIds(sse)).containsExactlyInAnyOrderElementsOf(webhookIds);
            Set<String> atomIds = atomIds(id, subscriber);
            assertThat(atomIds).isEqualTo(webhookIds);
            sseThread.interrupt();

            // the narrow subscription alerted exactly what the events search returns for the same filters
            String narrowId = narrow.get("id").asText();
            Set<String> expected = new HashSet<>();
            String cursor = null;
            do {
                JsonNode page = get("/api/v1/events?q=" + token + "&reason=CENSORED,ACCOUNT_SUSPENDED&minProbability=0.7&size=100"
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), subscriber).json();
                page.get("items").forEach(it -> expected.add(Alert.idFor(narrowId, it.get("eventId").asText())));
                cursor = page.get("next").isNull() ? null : page.get("next").asText();
            } while (cursor != null);
            assertThat(expected).hasSize(160);
            await("narrow subscription alerts", Duration.ofSeconds(20), () -> atomIds(narrowId, subscriber).size() >= expected.size());
            assertThat(atomIds(narrowId, subscriber)).isEqualTo(expected);

            JsonNode state = get("/api/v1/subscriptions/" + id, subscriber).json().get("state");
            assertThat(state.get("status").asText()).isEqualTo("active");
            assertThat(state.get("delivered").asLong()).isEqualTo(visible);
            assertThat(state.get("backlog").asLong()).isZero();
            assertThat(state.get("lastSuccess").isNull()).isFalse();
            String metrics = get("/metrics", null).body();
            assertThat(metrics).contains("afterimage_alerts_matched_total").contains("afterimage_alerts_sent_total")
                    .contains("afterimage_alerts_delay_seconds");
            assertThat(p95).as("p95 alert delay (ms), event produced to signed webhook received").isLessThan(5000);
        }
    }

    @Test
    void receiverDownForAWhileGetsEveryAlertAfterResumeOncePerKeyInOrder() throws Exception {
        String token = "down" + Long.toHexString(System.nanoTime());
        Receiver rx = new Receiver(SECRET).start();
        try {
            JsonNode sub = create(subscriber, "{\"query\":{\"q\":\"" + token + "\"},"
                    + "\"delivery\":{\"webhook\":{\"url\":\"" + rx.url("/hook") + "\",\"secret\":\"" + SECRET + "\"}}}");
            String id = sub.get("id").asText();
            rx.stop();   // connection refused from now on
            List<String> expectedOrder = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                if (i % 6 == 4) continue;   // keep them all visible
                PostEvent e = event(token, i, token);
                send(e);
                expectedOrder.add(Alert.idFor(id, e.eventId()));
            }
            await("paused", Duration.ofSeconds(60), () -> "paused".equals(state(id).get("status").asText()));
            long downUntil = System.nanoTime() + Duration.ofSeconds(DOWN_SECONDS).toNanos();
            while (System.nanoTime() < downUntil) {
                JsonNode st = state(id);
                assertThat(st.get("status").asText()).as("stays paused, never dropped").isEqualTo("paused");
                ItAwait.sleep(2000);
            }
            JsonNode st = state(id);
            System.out.printf("PAUSED after receiver down %d s: %s%n", DOWN_SECONDS, st);
            assertThat(st.get("backlog").asLong()).isEqualTo(expectedOrder.size());
            assertThat(st.get("lastError").asText()).contains("I/O error");
            assertThat(st.get("delivered").asLong()).isZero();
            assertThat(rx.deliveries).isEmpty();

            rx.start();   // same port
            ItAwait.sleep(1500);
            assertThat(rx.deliveries).as("paused: nothing sent until resumed").isEmpty();
            assertThat(call("POST", "/api/v1/subscriptions/" + id + "/resume", subscriber, null).status()).isEqualTo(200);
            await("backlog delivered", Duration.ofSeconds(30), () -> rx.perKey.size() >= expectedOrder.size());
            ItAwait.sleep(1500);
            assertThat(rx.perKey).hasSize(expectedOrder.size());
            assertThat(rx.perKey.values()).allSatisfy(c -> assertThat(c.get()).as("each alert once").isEqualTo(1));
            // in order: the order of the subscription's alerts on the alerts topic (one partition), as the Atom feed lists them
            List<String> topicOrder = new ArrayList<>(atomIds(id, subscriber));
            java.util.Collections.reverse(topicOrder);
            assertThat(topicOrder).containsExactlyInAnyOrderElementsOf(expectedOrder);
            assertThat(rx.deliveries.stream().map(Receiver.Delivery::alertId).toList()).as("in order").isEqualTo(topicOrder);
            assertThat(rx.deliveries).allSatisfy(d -> assertThat(d.signatureOk()).isTrue());
            await("state active", Duration.ofSeconds(10), () -> state(id).get("backlog").asLong() == 0);
            JsonNode after = state(id);
            assertThat(after.get("status").asText()).isEqualTo("active");
            assertThat(after.get("delivered").asLong()).isEqualTo(expectedOrder.size());
        } finally {
            rx.close();
        }
    }

    @Test
    void ssrfUrlsAreRefusedAtCreationAndRedirectsAreNotFollowed() throws Exception {
        for (String url : List.of("http://10.0.0.1/hook", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
                "http://[::1]:8080/", "http://[fd00:ec2::254]/", "http://[::ffff:10.0.0.1]/", "http://2130706433/",
                "http://0x7f.1/", "http://0177.0.0.1/", "http://runsc:8080/", "http://vm/", "http://[fe80::1]/",
                "http://100.64.0.1/", "http://0.0.0.0/", "ftp://127.0.0.1/", "http://127.0.0.1.invalid/",
                "http://localhost:" + port + "/", "http://LOCALHOST./x", "http://[::ffff:127.0.0.1]:" + port + "/")) {
            ItResponse r = call("POST", "/api/v1/subscriptions", subscriber, "{\"query\":{},\"delivery\":{\"webhook\":{\"url\":\""
                    + url + "\",\"secret\":\"" + SECRET + "\"}}}");
            assertThat(r.status()).as(url + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().at("/error/message").asText()).as(url).contains("delivery.webhook.url").contains("refused");
        }
        // the allow-list admits the literal host 127.0.0.1 only: names resolving to it (localhost, runsc, vm) stay refused
        String token = "redir" + Long.toHexString(System.nanoTime());
        try (Receiver trap = new Receiver(SECRET).start(); Receiver redirector = new Receiver(SECRET).start()) {
            redirector.redirectTo = trap.url("/trap");
            JsonNode sub = create(subscriber, "{\"query\":{\"q\":\"" + token + "\"},\"delivery\":{\"webhook\":{\"url\":\""
                    + redirector.url("/hook") + "\",\"secret\":\"" + SECRET + "\"}}}");
            String id = sub.get("id").asText();
            send(event(token, 0, token));
            await("redirect recorded as failure", Duration.ofSeconds(30),
                    () -> state(id).path("lastError").asText("").contains("redirect"));
            assertThat(state(id).get("lastError").asText()).contains("302").contains("not followed");
            assertThat(redirector.requests.get()).isPositive();
            assertThat(trap.requests.get()).as("redirect target never called").isZero();
            assertThat(call("DELETE", "/api/v1/subscriptions/" + id, subscriber, null).status()).isEqualTo(204);
        }
    }

    @Test
    void badInputIsRefusedWithClearErrors() throws Exception {
        assertThat(call("POST", "/api/v1/subscriptions", subscriber, "{not json").status()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/subscriptions", subscriber, "[1,2]").status()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/subscriptions", subscriber, "").status()).isEqualTo(400);
        ItResponse big = call("POST", "/api/v1/subscriptions", subscriber, "{\"name\":\"" + "x".repeat(10_000) + "\"}");
        assertThat(big.status()).as(big.body()).isEqualTo(413);
        ItResponse badReason = call("POST", "/api/v1/subscriptions", subscriber, "{\"query\":{\"reason\":\"bogus\"}}");
        ItResponse searchBad = get("/api/v1/events?reason=bogus", subscriber);
        assertThat(badReason.status()).isEqualTo(400);
        assertThat(badReason.json().get("error")).isEqualTo(searchBad.json().get("error"));
        for (String body : List.of("{\"query\":{\"sort\":\"detected\"}}", "{\"query\":{\"minProbability\":7}}", "{\"query\":\"q\"}",
                "{\"colour\":1}", "{\"name\":5}", "{\"delivery\":{\"webhook\":{\"url\":\"http://127.0.0.1:1/\",\"secret\":\"short\"}}}",
                "{\"delivery\":{\"email\":\"a@b\"}}", "{\"delivery\":{\"webhook\":{\"url\":5,\"secret\":\"" + SECRET + "\"}}}",
                "{\"query\":{\"q\":\"" + "a".repeat(1500) + "\"}}")) {
            ItResponse r = call("POST", "/api/v1/subscriptions", subscriber, body);
            assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(400);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_parameter");
        }
        assertThat(call("POST", "/api/v1/subscriptions", reader, "{\"query\":{}}").status()).isEqualTo(403);
        assertThat(get("/api/v1/subscriptions", reader).status()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/subscriptions", null, "{\"query\":{}}").status()).isEqualTo(401);
        assertThat(get("/api/v1/subscriptions/sub_nope", subscriber).status()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/subscriptions/sub_nope", subscriber, null).status()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/subscriptions/sub_nope/resume", subscriber, null).status()).isEqualTo(404);
        assertThat(get("/api/v1/subscriptions/sub_nope/feed.atom", subscriber).status()).isEqualTo(404);

        // another key's subscription is invisible (404), an admin sees it; the key query parameter works on feeds only
        JsonNode mine = create(subscriber, "{\"name\":\"mine\",\"query\":{\"platform\":\"wechat\"}}");
        String id = mine.get("id").asText();
        assertThat(mine.at("/state/status").asText()).isEqualTo("active");
        assertThat(get("/api/v1/subscriptions/" + id, otherSubscriber).status()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/subscriptions/" + id, otherSubscriber, null).status()).isEqualTo(404);
        assertThat(get("/api/v1/subscriptions/" + id, ADMIN).status()).isEqualTo(200);
        assertThat(get("/api/v1/subscriptions", otherSubscriber).json().get("items").findValuesAsText("id")).doesNotContain(id);
        assertThat(get("/api/v1/subscriptions", subscriber).json().get("items").findValuesAsText("id")).contains(id);
        ItResponse feed = get("/api/v1/subscriptions/" + id + "/feed.atom?key=" + subscriber, null);
        assertThat(feed.status()).isEqualTo(200);
        assertThat(feed.body()).contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"");
        assertThat(get("/api/v1/subscriptions/" + id + "?key=" + subscriber, null).status()).as("key parameter: feeds only").isEqualTo(401);
        assertThat(get("/api/v1/subscriptions/" + id + "/feed.atom?key=wrong", null).status()).isEqualTo(401);
        assertThat(get("/api/v1/subscriptions/" + id + "/feed.atom?key=" + reader, null).status()).isEqualTo(403);
        assertThat(call("DELETE", "/api/v1/subscriptions/" + id, subscriber, null).status()).isEqualTo(204);
        assertThat(get("/api/v1/subscriptions/" + id, subscriber).status()).isEqualTo(404);
    }

    // ---- helpers

    JsonNode state(String id) {
        return get("/api/v1/subscriptions/" + id, subscriber).json().get("state");
    }

    JsonNode create(String key, String body) {
        ItResponse r = call("POST", "/api/v1/subscriptions", key, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    Set<String> atomIds(String id, String key) {
        String xml = get("/api/v1/subscriptions/" + id + "/feed.atom", key).body();
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = Pattern.compile("<id>urn:afterimage:alert:([^<]+)</id>").matcher(xml);
        while (m.find()) ids.add(m.group(1));
        return ids;
    }

    static Set<String> sseIds(List<String> lines) {
        Set<String> ids = new HashSet<>();
        for (String l : lines) if (l.startsWith("id: ")) ids.add(l.substring(4));
        return ids;
    }

    Thread sseClient(String id, List<String> lines) {
        Thread t = new Thread(() -> {
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/subscriptions/" + id
                        + "/stream?key=" + subscriber)).header("Accept", "text/event-stream").build();
                HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                assertThat(resp.statusCode()).isEqualTo(200);
                assertThat(resp.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
                try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("retry:")) lines.add("#open");
                        lines.add(line);
                    }
                }
            } catch (IOException | InterruptedException e) {
                lines.add("#closed " + e);
            }
        }, "sse-client");
        t.setDaemon(true);
        t.start();
        return t;
    }

    record ItResponse(int status, String body) {
        JsonNode json() {
            try {
                return DocJson.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    ItResponse get(String path, String key) {
        return call("GET", path, key, null);
    }

    ItResponse call(String method, String path, String key, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (key != null) b.header("Authorization", "Bearer " + key);
            if (body != null) b.header("Content-Type", "application/json");
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new ItResponse(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier ok) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            ItAwait.sleep(100);
        }
    }

    static final class ItAwait {
        private ItAwait() {
        }

        static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
