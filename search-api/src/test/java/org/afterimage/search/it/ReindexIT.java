package org.afterimage.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.Reindex;
import org.afterimage.search.SearchApi;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.WechatFixture;
import org.afterimage.search.index.DocJson;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** {@code afterimage reindex} while the live indexer runs and records keep arriving: nothing missed after the swap. */
@RealEngines
class ReindexIT {
    @Test
    void rebuildsFromTheTopicsAndSwapsAliasesWithoutLosingLiveWrites(Engines engines) throws Exception {
        Topics topics = Topics.in(Engines.uniqueName("reindex"));
        String prefix = Engines.uniqueName("reindex") + "-";
        ItSupport.createTopics(engines.kafkaBootstrapServers(), topics, 2);
        ElasticsearchClient es = DocJson.client(engines.elasticsearchUrl());
        // the fixture's self-deletions are years old: retention (default 30 days) would purge them; this test counts them
        SearchConfig config = SearchConfig.fromYaml("http: {port: 0, host: 127.0.0.1}\nprivacy: {selfDeletedRetention: \"0\"}").withIndexPrefix(prefix)
                .withGroupId(Engines.uniqueName("g"));
        var rows = WechatFixture.rows();
        String admin = "reindex-admin-key-0123456789";
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger next = new AtomicInteger(1000);
        try (SearchApi api = SearchApi.builder().config(config).topics(topics).kafkaBootstrapServers(engines.kafkaBootstrapServers())
                .elasticsearchUrl(engines.elasticsearchUrl()).dataDir(Files.createTempDirectory("reindex")).withIndexer(true)
                .adminKey(Optional.of(admin)).start();
             KafkaProducer<byte[], byte[]> p = ItSupport.producer(engines.kafkaBootstrapServers())) {
            for (int i = 0; i < 1000; i++) {
                ItSupport.send(p, topics, WechatFixture.removed(i, rows.get(i)));
                ItSupport.send(p, topics, WechatFixture.removalEvent(i, rows.get(i)));
            }
            p.flush();
            ItSupport.await("first 1000 indexed", Duration.ofSeconds(60), () -> ItSupport.count(es, prefix + "posts") == 1000);
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                while (writing.get()) {
                    int i = next.get();
                    // a slow machine writes past the fixture's 9,370 rows: reuse their texts under new keys
                    ItSupport.send(p, topics, WechatFixture.removed(i, rows.get(i % rows.size())));
                    next.incrementAndGet();   // count only what was sent
                    if (i % 10 == 0) {   // about 500 posts/s: live writes without drowning a 2-core CI machine
                        p.flush();
                        ItSupport.sleep(20);
                    }
                }
                p.flush();
            });
            writer.setUncaughtExceptionHandler((t, e) -> writerFailure.set(e));
            writer.start();
            var out = new ByteArrayOutputStream();
            Reindex.Result r = Reindex.run(config, topics, engines.kafkaBootstrapServers(), engines.elasticsearchUrl(), true,
                    Duration.ofSeconds(120), new PrintStream(out, true, StandardCharsets.UTF_8));
            writing.set(false);
            writer.join();
            assertThat(writerFailure.get()).as("the live writer thread failed").isNull();
            int total = next.get();
            assertThat(r.previous()).containsExactlyInAnyOrder(prefix + "posts-v1", prefix + "events-v1");
            assertThat(es.indices().getAlias(a -> a.name(prefix + "posts")).aliases().keySet()).containsExactly(r.postsIndex());
            assertThat(es.indices().exists(x -> x.index(prefix + "posts-v1")).value()).isFalse();
            // the live indexer now writes through the alias into the new index: every record ends up there
            ItSupport.await("all posts in the rebuilt index", Duration.ofSeconds(60), () -> ItSupport.count(es, prefix + "posts") == total);
            assertThat(ItSupport.count(es, prefix + "events")).isEqualTo(1000);
            var page = ItSupport.get(api.port(), "/api/v1/posts?size=1&q=" + ItSupport.enc("幹部年輕化"), admin);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().get("items").findValuesAsText("key")).contains("wechat:mp/0");
            System.out.println(out.toString(StandardCharsets.UTF_8) + " total " + total);
        } finally {
            writing.set(false);
            ItSupport.deleteIndices(es, prefix);
        }
    }
}
