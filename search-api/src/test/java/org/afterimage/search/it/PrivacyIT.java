package org.afterimage.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.afterimage.model.Capture;
import org.afterimage.model.ContentHash;
import org.afterimage.model.Evidence;
import org.afterimage.model.EvidenceItem;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.PostRecord;
import org.afterimage.model.PostStatus;
import org.afterimage.model.PostVersion;
import org.afterimage.model.Removal;
import org.afterimage.model.RemovalEvent;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.WarcRef;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.Reindex;
import org.afterimage.search.SearchApi;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.index.DocJson;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The privacy duties on real Kafka and Elasticsearch: redaction (gone from search, history, events, export and
 * stats; gone after a full replay; WARC withheld but served to admin; audit list), the endpoint's refusals, opt-out
 * at start, and retention with a controlled clock.
 */
@RealEngines
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivacyIT {
    static final String ADMIN = "privacy-it-admin-key-0123456789";
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final PostKey VICTIM = PostKey.parse("weibo:victim/1");
    static final PostKey KEEP = PostKey.parse("weibo:keeper/1");
    static final PostKey OPTED_AUTHOR = PostKey.parse("reddit:t3_optout1");
    static final PostKey OPTED_HOST = PostKey.parse("wechat:mp/optouthost");
    static final PostKey OLD_SELF_DELETED = PostKey.parse("reddit:t3_old");
    static final PostKey NEW_SELF_DELETED = PostKey.parse("reddit:t3_new");
    static final String VICTIM_TEXT = "Personal details of the victim 受害者 posted here";

    Engines engines;
    Topics topics;
    String prefix;
    Path dataDir;
    SearchConfig config;
    SearchApi api;
    ElasticsearchClient es;
    String reader;
    String exporter;
    String warcRecordId;
    int port;

    @BeforeAll
    void start(Engines engines) throws Exception {
        this.engines = engines;
        topics = Topics.in(Engines.uniqueName("privacy"));
        prefix = Engines.uniqueName("privacy") + "-";
        dataDir = Files.createTempDirectory("privacy-it");
        ItSupport.createTopics(engines.kafkaBootstrapServers(), topics, 2);
        es = DocJson.client(engines.elasticsearchUrl());
        config = SearchConfig.fromYaml("http: {port: 0, host: 127.0.0.1, maxBodyBytes: 4096}\n"
                + "privacy: {selfDeletedRetention: P30D, retentionCheckSeconds: 1}\n"
                + "auth: {rateLimits: {reader: {perMinute: 60000, burst: 5000}, exporter: {perMinute: 60000, burst: 5000}, "
                + "admin: {perMinute: 60000, burst: 5000}}}").withIndexPrefix(prefix).withGroupId(Engines.uniqueName("g"));
        api = SearchApi.builder().config(config).topics(topics).kafkaBootstrapServers(engines.kafkaBootstrapServers())
                .elasticsearchUrl(engines.elasticsearchUrl()).dataDir(dataDir).withIndexer(true).adminKey(Optional.of(ADMIN))
                .clock(InstantSource.fixed(NOW)).out(new PrintStream(new ByteArrayOutputStream()))
                .start();
        port = api.port();
        reader = api.createKey("reader", "it-reader");
        exporter = api.createKey("exporter", "it-exporter");
        try (KafkaProducer<byte[], byte[]> p = ItSupport.producer(engines.kafkaBootstrapServers())) {
            for (PostRecord r : List.of(
                    censored(VICTIM, "https://weibo.com/victim/1", "victim", VICTIM_TEXT),
                    censored(KEEP, "https://weibo.com/keeper/1", "keeper", "An ordinary censored post 审查"),
                    censored(OPTED_AUTHOR, "https://www.reddit.com/r/x/comments/optout1", "OptedOut", "posted by someone who opted out"),
                    censored(OPTED_HOST, "https://blog.optout.example/p/1", "someblogger", "on a host that opted out"),
                    selfDeleted(OLD_SELF_DELETED, NOW.minus(Duration.ofDays(40))),
                    selfDeleted(NEW_SELF_DELETED, NOW.minus(Duration.ofDays(5))))) {
                ItSupport.send(p, topics, r);
                ItSupport.send(p, topics, event(r));
            }
            for (Capture c : captures()) {
                p.send(new ProducerRecord<>(topics.captures(), ItSupport.bytes(c.key().toString()), Codecs.CAPTURE.encode(c)));
            }
            p.flush();
        }
        // everything but the old self-deletion, which retention may purge at any moment from now on
        ItSupport.await("fixture indexed", Duration.ofSeconds(120), () -> ItSupport.count(es, prefix + "posts") >= 5
                && ItSupport.count(es, prefix + "captures") == 2 && ItSupport.count(es, prefix + "events") >= 5);
    }

    @AfterAll
    void stop() {
        if (api != null) api.close();
        ItSupport.deleteIndices(es, prefix);
    }

    static PostRecord censored(PostKey key, String url, String author, String text) {
        Instant published = NOW.minus(Duration.ofDays(3));
        Instant removed = NOW.minus(Duration.ofDays(1));
        Removal rm = new Removal(RemovalReason.CENSORED, removed, 0.9, new Evidence(200, "it", "removed", ""),
                List.of(new EvidenceItem("it", "censored", 2.0)));
        return new PostRecord(key, 2, url, author, published, published, removed, removed, PostStatus.REMOVED,
                List.of(new PostVersion(ContentHash.of(text), text, published, published)), rm, List.of(), 2);
    }

    static PostRecord selfDeleted(PostKey key, Instant removed) {
        Instant published = removed.minus(Duration.ofDays(1));
        String text = "something I regret " + key.postId();
        Removal rm = new Removal(RemovalReason.DELETED_BY_AUTHOR, removed, 0.1, new Evidence(200, "reddit:deleted", "[deleted]", ""),
                List.of(new EvidenceItem("reason", "[deleted]", 2.0)));
        return new PostRecord(key, 2, "https://www.reddit.com/r/x/comments/" + key.postId(), "ordinaryuser", published, published,
                removed, removed, PostStatus.REMOVED, List.of(new PostVersion(ContentHash.of(text), text, published, published)), rm, List.of(), 2);
    }

    static PostEvent event(PostRecord r) {
        Removal rm = r.removal();
        return new RemovalEvent(PostEvent.idFor(r.key(), 2), r.key(), 2, rm.removedAt(), r.url(), r.author(), r.publishedAt(),
                r.publishedAt(), rm.reason(), rm.evidence(), rm.probability(), rm.items(), r.versions().get(0).text(), List.of());
    }

    /** Two captures of the victim's post, the first archived in a real gzip-per-record WARC file. */
    List<Capture> captures() throws Exception {
        Path warcDir = dataDir.resolve("warc");
        Files.createDirectories(warcDir);
        long offset;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(warcDir.resolve("p.warc.gz"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             org.netpreserve.jwarc.WarcWriter w = new org.netpreserve.jwarc.WarcWriter(ch, org.netpreserve.jwarc.WarcCompression.GZIP)) {
            offset = w.position();
            var resp = new org.netpreserve.jwarc.WarcResponse.Builder(URI.create("https://weibo.com/victim/1")).date(NOW.minus(Duration.ofDays(2)))
                    .body(org.netpreserve.jwarc.MediaType.HTTP_RESPONSE,
                            ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>" + VICTIM_TEXT + "</p>").getBytes(StandardCharsets.UTF_8))
                    .build();
            warcRecordId = resp.id().toString();
            w.write(resp);
        }
        Instant t = NOW.minus(Duration.ofDays(2));
        return List.of(
                Capture.present(VICTIM, "https://weibo.com/victim/1", t, "victim", VICTIM_TEXT, t, null)
                        .withWarc(new WarcRef("p.warc.gz", offset, warcRecordId, "")),
                Capture.present(VICTIM, "https://weibo.com/victim/1", t.plusSeconds(3600), "victim", VICTIM_TEXT, t, null));
    }

    ItSupport.Response get(String path, String key) {
        return ItSupport.get(port, path, key);
    }

    ItSupport.Response post(String body, String key) {
        return ItSupport.call(port, "POST", "/api/v1/redactions", key, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    boolean searchable(PostKey k, String key) {
        return get("/api/v1/posts/" + k.platform().id() + "/" + k.postId(), key).status() == 200;
    }

    // ---- the endpoint's refusals

    @Test
    @Order(1)
    void onlyAdminsMayRedactAndBadBodiesAreRefused() {
        String ok = "{\"key\":\"" + KEEP + "\",\"reason\":\"test\"}";
        assertThat(post(ok, reader).status()).isEqualTo(403);
        assertThat(post(ok, exporter).status()).isEqualTo(403);
        assertThat(post(ok, null).status()).isEqualTo(401);
        assertThat(post(ok, "not-a-key").status()).isEqualTo(401);
        assertThat(get("/api/v1/redactions", reader).status()).isEqualTo(403);
        assertThat(post("{\"key\":\"" + KEEP + "\"}", ADMIN).status()).isEqualTo(400);            // no reason
        assertThat(post("{\"key\":\"nocolon\",\"reason\":\"r\"}", ADMIN).status()).isEqualTo(400);
        assertThat(post("{\"key\":", ADMIN).status()).isEqualTo(400);                             // not JSON
        assertThat(post("[1,2]", ADMIN).status()).isEqualTo(400);
        assertThat(post("{\"key\":\"" + KEEP + "\",\"author\":\"weibo:keeper\",\"reason\":\"r\"}", ADMIN).status()).isEqualTo(400);
        var big = post("{\"key\":\"" + KEEP + "\",\"reason\":\"" + "x".repeat(10_000) + "\"}", ADMIN);
        assertThat(big.status()).isEqualTo(413);
        var deep = post("[".repeat(5000), ADMIN);
        assertThat(deep.status()).isIn(400, 413);
        assertThat(ItSupport.call(port, "DELETE", "/api/v1/redactions", ADMIN, null, null).status()).isIn(404, 405);
        // none of that redacted anything
        assertThat(searchable(KEEP, reader)).isTrue();
        assertThat(api.indexer().get().privacy().list()).noneMatch(r -> KEEP.equals(r.key()));
    }

    // ---- redaction

    @Test
    @Order(2)
    void aRedactedPostDisappearsEverywhereItsWarcIsWithheldAndTheAuditLogSaysWhoAndWhy() throws Exception {
        assertThat(searchable(VICTIM, reader)).isTrue();
        assertThat(get("/api/v1/posts/weibo/victim/1/captures/1/warc", reader).status()).isEqualTo(200);
        long removalsBefore = get("/api/v1/stats?platform=weibo", reader).json().get("removals").asLong();
        assertThat(get("/api/v1/stats?platform=weibo", reader).body()).contains("victim");

        var r = post("{\"key\":\"weibo:victim/1\",\"reason\":\"GDPR erasure request #17\"}", ADMIN);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("created").asBoolean()).isTrue();
        assertThat(r.json().get("redaction").get("withheldWarcs")).hasSize(2);
        // idempotent: the same request again is 200, and the first record stays
        var again = post("{\"key\":\"weibo:victim/1\",\"reason\":\"another reason\"}", ADMIN);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("created").asBoolean()).isFalse();
        assertThat(again.json().get("redaction").get("reason").asText()).isEqualTo("GDPR erasure request #17");

        // search, history, events, export, stats
        assertThat(searchable(VICTIM, reader)).isFalse();
        assertThat(searchable(VICTIM, ADMIN)).isFalse();
        assertThat(get("/api/v1/posts?q=" + ItSupport.enc("受害者"), reader).json().get("total").asLong()).isZero();
        assertThat(get("/api/v1/posts?platform=weibo&size=100", ADMIN).body()).doesNotContain("victim").contains(KEEP.toString());
        assertThat(get("/api/v1/events?platform=weibo&size=100", ADMIN).body()).doesNotContain("victim").contains(KEEP.toString());
        var export = get("/api/v1/export?platform=weibo", exporter);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body()).doesNotContain("victim").contains(KEEP.toString());
        var stats = get("/api/v1/stats?platform=weibo", reader);
        assertThat(stats.json().get("removals").asLong()).isEqualTo(removalsBefore - 1);
        assertThat(stats.body()).doesNotContain("victim");
        assertThat(ItSupport.count(es, prefix + "captures")).isZero();

        // WARC: withheld for a reader (451), served to admin from the redaction record
        var withheld = get("/api/v1/posts/weibo/victim/1/captures/1/warc", reader);
        assertThat(withheld.status()).isEqualTo(451);
        assertThat(withheld.json().get("error").get("code").asText()).isEqualTo("withheld");
        assertThat(withheld.body()).doesNotContain(VICTIM_TEXT);
        var asAdmin = get("/api/v1/posts/weibo/victim/1/captures/1/warc", ADMIN);
        assertThat(asAdmin.status()).isEqualTo(200);
        assertThat(asAdmin.body()).contains(VICTIM_TEXT).contains(warcRecordId);
        assertThat(get("/api/v1/posts/weibo/victim/1/captures/2/warc", ADMIN).status()).isEqualTo(404);   // never archived

        // the audit log: who (the admin key's id and name), why, when
        var list = get("/api/v1/redactions", ADMIN);
        assertThat(list.status()).isEqualTo(200);
        JsonNode entry = null;
        for (JsonNode n : list.json().get("items")) if ("key:weibo:victim/1".equals(n.get("target").asText())) entry = n;
        assertThat(entry).isNotNull();
        assertThat(entry.get("reason").asText()).isEqualTo("GDPR erasure request #17");
        assertThat(entry.get("by").asText()).startsWith("key:").contains("AFTERIMAGE_ADMIN_KEY");
        assertThat(Instant.parse(entry.get("at").asText())).isEqualTo(NOW);

        // the posts topic ends with a tombstone for the key, so compaction removes the record
        assertThat(lastPostsValue(VICTIM)).isEqualTo(Optional.empty());
    }

    /** The last value of {@code key} on the posts topic: empty for a tombstone. */
    Optional<byte[]> lastPostsValue(PostKey key) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Optional<byte[]>> last = new HashMap<>();
        boolean seen = false;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topics.posts()).forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    String k = new String(r.key(), StandardCharsets.UTF_8);
                    last.put(k, Optional.ofNullable(r.value()));
                }
            }
        }
        assertThat(last).containsKey(key.toString());
        return last.get(key.toString());
    }

    // ---- retention (controlled clock: NOW)

    @Test
    @Order(3)
    void aSelfDeletedPostPastTheHorizonIsPurgedAndOneBeforeItIsNot() {
        ItSupport.await("retention purged the old self-deletion", Duration.ofSeconds(60), () -> !searchable(OLD_SELF_DELETED, ADMIN));
        assertThat(api.indexer().get().privacy().runRetention()).isZero();   // nothing else is due
        assertThat(searchable(NEW_SELF_DELETED, ADMIN)).isTrue();
        assertThat(api.indexer().get().privacy().list()).anyMatch(r -> OLD_SELF_DELETED.equals(r.key())
                && r.reason().equals("retention") && r.by().equals("system:retention"));
        assertThat(api.indexer().get().privacy().list()).noneMatch(r -> NEW_SELF_DELETED.equals(r.key()));
        assertThat(lastPostsValue(OLD_SELF_DELETED)).isEqualTo(Optional.empty());
    }

    // ---- opt-out at start

    @Test
    @Order(4)
    void optedOutAuthorsAndHostsAreRedactedAtStart() throws Exception {
        assertThat(searchable(OPTED_AUTHOR, reader)).isTrue();
        assertThat(searchable(OPTED_HOST, reader)).isTrue();
        // hostile records on the redactions topic: not JSON, wrong shape, and a tombstone trying to un-redact the victim
        try (KafkaProducer<byte[], byte[]> p = ItSupport.producer(engines.kafkaBootstrapServers())) {
            p.send(new ProducerRecord<>(topics.redactions(), ItSupport.bytes("junk"), ItSupport.bytes("not json {")));
            p.send(new ProducerRecord<>(topics.redactions(), ItSupport.bytes("junk2"), ItSupport.bytes("{\"schema\":1,\"reason\":\"x\"}")));
            p.send(new ProducerRecord<>(topics.redactions(), ItSupport.bytes("key:" + VICTIM), null));
            p.flush();
        }
        // a second API process (no indexer of its own) started with the crawler's opt-out list
        try (SearchApi second = SearchApi.builder().config(config).topics(topics).kafkaBootstrapServers(engines.kafkaBootstrapServers())
                .elasticsearchUrl(engines.elasticsearchUrl()).dataDir(dataDir).withIndexer(false).adminKey(Optional.of(ADMIN))
                .optOut(List.of("optout.example"), List.of("reddit:optedout"))
                .clock(InstantSource.fixed(NOW)).out(new PrintStream(new ByteArrayOutputStream()))
                .start()) {
            ItSupport.await("opt-out applied", Duration.ofSeconds(60),
                    () -> !searchable(OPTED_AUTHOR, ADMIN) && !searchable(OPTED_HOST, ADMIN));
            var list = ItSupport.get(second.port(), "/api/v1/redactions", ADMIN).json().get("items");
            List<String> targets = new ArrayList<>();
            list.forEach(n -> targets.add(n.get("target").asText() + "|" + n.get("reason").asText()));
            assertThat(targets).contains("author:reddit:optedout|opt-out", "host:optout.example|opt-out",
                    "key:" + OPTED_AUTHOR + "|opt-out", "key:" + OPTED_HOST + "|opt-out");
            // the hostile records were skipped: the victim is still redacted there, its WARC still withheld
            assertThat(targets).contains("key:" + VICTIM + "|GDPR erasure request #17").hasSize(list.size());
            assertThat(ItSupport.get(second.port(), "/api/v1/posts/weibo/victim/1/captures/1/warc", reader).status()).isEqualTo(451);
        }
        assertThat(searchable(KEEP, reader)).isTrue();
    }

    // ---- replay

    @Test
    @Order(5)
    void aFullReplayOfEveryTopicDoesNotResurrectARedactedPost() throws Exception {
        // a record of the redacted post arriving late (e.g. the detector re-publishing it) is dropped too
        try (KafkaProducer<byte[], byte[]> p = ItSupport.producer(engines.kafkaBootstrapServers())) {
            PostRecord late = censored(VICTIM, "https://weibo.com/victim/1", "victim", VICTIM_TEXT + " again");
            p.send(new ProducerRecord<>(topics.posts(), ItSupport.bytes(VICTIM.toString()),
                    Codecs.POST.encode(new PostRecord(late.key(), 3, late.url(), late.author(), late.publishedAt(), late.firstSeen(),
                            late.lastSeen(), late.updatedAt(), late.status(), late.versions(), late.removal(), late.countries(), late.captures()))));
            // and a new post by the opted-out author
            ItSupport.send(p, topics, censored(PostKey.parse("reddit:t3_optout2"), "https://www.reddit.com/r/x/comments/optout2", "optedout", "new"));
            ItSupport.send(p, topics, censored(PostKey.parse("weibo:keeper/2"), "https://weibo.com/keeper/2", "keeper", "marker"));
            p.flush();
        }
        ItSupport.await("marker indexed", Duration.ofSeconds(60), () -> searchable(PostKey.parse("weibo:keeper/2"), reader));
        assertThat(searchable(VICTIM, ADMIN)).isFalse();
        assertThat(searchable(PostKey.parse("reddit:t3_optout2"), ADMIN)).isFalse();

        Reindex.Result res = Reindex.run(config, topics, engines.kafkaBootstrapServers(), engines.elasticsearchUrl(), false,
                Duration.ofSeconds(120), new PrintStream(new ByteArrayOutputStream()));
        assertThat(res.postsIndex()).startsWith(prefix + "posts-v1-");
        for (PostKey gone : List.of(VICTIM, OPTED_AUTHOR, OPTED_HOST, OLD_SELF_DELETED, PostKey.parse("reddit:t3_optout2"))) {
            assertThat(searchable(gone, ADMIN)).as(gone.toString()).isFalse();
        }
        assertThat(searchable(KEEP, reader)).isTrue();
        assertThat(searchable(NEW_SELF_DELETED, ADMIN)).isTrue();
        assertThat(get("/api/v1/events?size=100", ADMIN).body()).doesNotContain("victim").doesNotContain("optout");
        assertThat(ItSupport.count(es, prefix + "captures")).isZero();
        assertThat(get("/api/v1/posts/weibo/victim/1/captures/1/warc", reader).status()).isEqualTo(451);
    }
}
