package org.afterimage.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.afterimage.model.ContentHash;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.PostRecord;
import org.afterimage.model.PostStatus;
import org.afterimage.model.PostVersion;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.Indexer;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.WechatFixture;
import org.afterimage.search.index.DocJson;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

@RealEngines
class IndexerIT {

    static PostRecord post(String id, long seq, String text, PostStatus status) {
        Instant t = Instant.parse("2024-06-04T00:00:00Z").plusSeconds(seq);
        return new PostRecord(PostKey.of(Platform.WEIBO, id), seq, "https://weibo.com/" + id, "author-" + id, t, t, t, t,
                status, List.of(new PostVersion(ContentHash.of(text), text, t, t)), null, List.of(), (int) seq);
    }

    @Test
    void olderRecordsNeverOverwriteNewerRedeliveryIsIdempotentTombstonesDeleteAndPoisonGoesToDeadLetters(Engines engines) throws Exception {
        Topics topics = Topics.in(Engines.uniqueName("idx"));
        String prefix = Engines.uniqueName("idx") + "-";
        ItSupport.createTopics(engines.kafkaBootstrapServers(), topics, 2);
        SearchConfig config = SearchConfig.defaults().withIndexPrefix(prefix).withGroupId(Engines.uniqueName("g"));
        ElasticsearchClient es = DocJson.client(engines.elasticsearchUrl());
        try (KafkaProducer<byte[], byte[]> p = ItSupport.producer(engines.kafkaBootstrapServers());
             Indexer indexer = Indexer.start(config, topics, engines.kafkaBootstrapServers(), engines.elasticsearchUrl())) {
            // same key: 1, 3, then the stale 2, then 3 again (redelivery)
            ItSupport.send(p, topics, post("a", 1, "first", PostStatus.LIVE));
            ItSupport.send(p, topics, post("a", 3, "third", PostStatus.ALTERED));
            ItSupport.send(p, topics, post("a", 2, "second", PostStatus.LIVE));
            ItSupport.send(p, topics, post("a", 3, "third", PostStatus.ALTERED));
            ItSupport.send(p, topics, post("b", 1, "bee", PostStatus.LIVE));
            ItSupport.send(p, topics, post("gone", 1, "to be deleted", PostStatus.LIVE));
            var rows = WechatFixture.rows();
            for (int i = 0; i < 50; i++) ItSupport.send(p, topics, WechatFixture.removalEvent(i, rows.get(i)));
            ItSupport.send(p, topics, WechatFixture.removalEvent(0, rows.get(0)));   // redelivered event
            // poison: not JSON, unknown schema, wrong key, key/record mismatch, null value on events, no key
            p.send(new ProducerRecord<>(topics.posts(), ItSupport.bytes("weibo:p1"), "{not json".getBytes(StandardCharsets.UTF_8)));
            p.send(new ProducerRecord<>(topics.posts(), ItSupport.bytes("weibo:p2"), "{\"schema\":99}".getBytes(StandardCharsets.UTF_8)));
            p.send(new ProducerRecord<>(topics.posts(), ItSupport.bytes("myspace:x"), Codecs.POST.encode(post("c", 1, "c", PostStatus.LIVE))));
            p.send(new ProducerRecord<>(topics.posts(), ItSupport.bytes("weibo:other"), Codecs.POST.encode(post("c", 1, "c", PostStatus.LIVE))));
            p.send(new ProducerRecord<>(topics.events(), ItSupport.bytes("weibo:p3"), null));
            p.send(new ProducerRecord<>(topics.events(), null, "x".getBytes(StandardCharsets.UTF_8)));
            p.send(new ProducerRecord<>(topics.posts(), ItSupport.bytes("weibo:deep"),
                    ("{\"schema\":1,\"versions\":" + "[".repeat(200) + "]".repeat(200) + "}").getBytes(StandardCharsets.UTF_8)));
            p.flush();
            ItSupport.await("posts and events indexed", Duration.ofSeconds(60),
                    () -> ItSupport.count(es, prefix + "posts") == 3 && ItSupport.count(es, prefix + "events") == 50);
            // tombstone
            p.send(new ProducerRecord<>(topics.posts(), ItSupport.bytes("weibo:gone"), null));
            p.flush();
            ItSupport.await("tombstone applied", Duration.ofSeconds(30), () -> ItSupport.count(es, prefix + "posts") == 2);

            var a = es.get(g -> g.index(prefix + "posts").id("weibo:a"), ObjectNode.class);
            assertThat(a.version()).isEqualTo(3L);
            assertThat(a.source().get("text").asText()).isEqualTo("third");
            assertThat(a.source().get("status").asText()).isEqualTo("altered");
            var ev = es.get(g -> g.index(prefix + "events").id("wechat:mp/0#2"), ObjectNode.class);
            assertThat(ev.version()).isEqualTo(2L);
            ItSupport.await("lag back to zero", Duration.ofSeconds(30), () -> indexer.lag() == 0);
        } finally {
            ItSupport.deleteIndices(es, prefix);
        }
        List<DeadLetter> dead = readDeadLetters(engines.kafkaBootstrapServers(), topics, 7);
        assertThat(dead).hasSize(7).allSatisfy(d -> assertThat(d.stage()).isEqualTo("indexer"));
        assertThat(dead).extracting(DeadLetter::error).anyMatch(e -> e.contains("NOT_JSON"))
                .anyMatch(e -> e.contains("UNKNOWN_SCHEMA_VERSION")).anyMatch(e -> e.contains("myspace"))
                .anyMatch(e -> e.contains("under Kafka key")).anyMatch(e -> e.contains("null value"))
                .anyMatch(e -> e.contains("without a key")).anyMatch(e -> e.contains("OVERSIZE"));
    }

    static List<DeadLetter> readDeadLetters(String bootstrap, Topics topics, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, Engines.uniqueName("dl"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topics.deadLetters()));
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < end) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) out.add(Codecs.DEAD_LETTER.decode(r.value()));
            }
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(1))) out.add(Codecs.DEAD_LETTER.decode(r.value()));
        }
        return out;
    }

    /**
     * Elasticsearch "stopped" in the middle of indexing: the indexer talks to it through a real TCP proxy that is cut
     * (connections dropped, then refused) for 60 s (issue 8; {@code -Doutage.seconds=N} to shorten while developing)
     * while records keep arriving. Afterwards every record is indexed
     * exactly once (documents are keyed; the version of each is its seq) and bulk failures were counted.
     */
    @Test
    void elasticsearchOutageMidIndexingLosesNothing(Engines engines) throws Exception {
        Topics topics = Topics.in(Engines.uniqueName("outage"));
        String prefix = Engines.uniqueName("outage") + "-";
        ItSupport.createTopics(engines.kafkaBootstrapServers(), topics, 3);
        URI es0 = URI.create(engines.elasticsearchUrl());
        ElasticsearchClient es = DocJson.client(engines.elasticsearchUrl());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SearchConfig config = SearchConfig.fromYaml("indexer: {retryInitialMillis: 100, retryMaxMillis: 1000, retryAttempts: 4, maxPollRecords: 200}\n"
                + "privacy: {selfDeletedRetention: \"0\"}")   // counts the fixture's old self-deletions too: no retention purge
                .withIndexPrefix(prefix).withGroupId(Engines.uniqueName("g"));
        int n = 6000;
        var rows = WechatFixture.rows();
        try (TcpProxy proxy = new TcpProxy(es0.getHost(), es0.getPort());
             KafkaProducer<byte[], byte[]> p = ItSupport.producer(engines.kafkaBootstrapServers());
             Indexer indexer = Indexer.start(config, topics, engines.kafkaBootstrapServers(),
                     "http://127.0.0.1:" + proxy.port(), registry, Duration.ofSeconds(30))) {
            for (int i = 0; i < n / 3; i++) send(p, topics, rows, i);
            p.flush();
            ItSupport.await("first third indexed", Duration.ofSeconds(60), () -> ItSupport.count(es, prefix + "posts") >= n / 6);
            proxy.cut();
            long cutAt = System.nanoTime();
            for (int i = n / 3; i < n; i++) send(p, topics, rows, i);
            p.flush();
            long outageMs = Long.getLong("outage.seconds", 60) * 1000;
            ItSupport.sleep(Math.max(0, outageMs - (System.nanoTime() - cutAt) / 1_000_000));
            long duringOutage = ItSupport.count(es, prefix + "posts");
            assertThat(duringOutage).isLessThan(n);
            proxy.restore();
            ItSupport.await("all indexed after the outage", Duration.ofSeconds(120),
                    () -> ItSupport.count(es, prefix + "posts") == n && ItSupport.count(es, prefix + "events") == n);
            ItSupport.await("lag zero", Duration.ofSeconds(30), () -> indexer.lag() == 0);
            assertThat(registry.get("afterimage.indexer.bulk.failures").counter().count()).isPositive();
            // every document holds the version of its record: nothing stale, nothing doubled (ids are keys)
            var r = es.search(s -> s.index(prefix + "posts").size(0).query(q -> q.bool(b -> b.mustNot(m -> m.term(t -> t.field("seq").value(2))))), Void.class);
            assertThat(r.hits().total().value()).isZero();
        } finally {
            ItSupport.deleteIndices(es, prefix);
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> p, Topics t, List<WechatFixture.Row> rows, int i) {
        WechatFixture.Row row = rows.get(i % rows.size());
        ItSupport.send(p, t, WechatFixture.removed(i, row));
        ItSupport.send(p, t, WechatFixture.removalEvent(i, row));
    }
}
