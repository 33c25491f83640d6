package org.afterimage.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.afterimage.model.ContentHash;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.PostRecord;
import org.afterimage.model.PostStatus;
import org.afterimage.model.PostVersion;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.SearchApi;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.WechatFixture;
import org.afterimage.search.index.DocJson;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Pages through 10,000 posts, 100 at a time with the {@code next} cursor, while the indexer keeps writing: new
 * posts interleaved in the same time range, and new versions of the very posts being paged. Every original post is
 * seen exactly once, and no post twice.
 */
@RealEngines
class PagingIT {
    static final int N = 10_000;
    static final Instant T0 = Instant.parse("2019-01-01T00:00:00Z");
    static final String ADMIN = "paging-admin-key-0123456789";

    static PostRecord post(String id, long seq, Instant published, String text) {
        return new PostRecord(PostKey.of(Platform.WECHAT, id), seq, "https://mp.weixin.qq.com/s/" + id, "acct", published,
                published, published, published.plusSeconds(seq), PostStatus.LIVE,
                List.of(new PostVersion(ContentHash.of(text), text, published, published)), null, List.of(), (int) seq);
    }

    @Test
    void pagingTenThousandResultsWhileIndexingContinuesHasNoDuplicatesOrGaps(Engines engines) throws Exception {
        Topics topics = Topics.in(Engines.uniqueName("paging"));
        String prefix = Engines.uniqueName("paging") + "-";
        ItSupport.createTopics(engines.kafkaBootstrapServers(), topics, 3);
        ElasticsearchClient es = DocJson.client(engines.elasticsearchUrl());
        SearchConfig config = SearchConfig.fromYaml("http: {port: 0, host: 127.0.0.1}\nauth: {rateLimits: {admin: {perMinute: 100000, burst: 10000}}}\n"
                + "privacy: {selfDeletedRetention: \"0\"}")   // counts every fixture row: no retention purge
                .withIndexPrefix(prefix).withGroupId(Engines.uniqueName("g"));
        var rows = WechatFixture.rows();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        try (SearchApi api = SearchApi.builder().config(config).topics(topics).kafkaBootstrapServers(engines.kafkaBootstrapServers())
                .elasticsearchUrl(engines.elasticsearchUrl()).dataDir(Files.createTempDirectory("paging"))
                .withIndexer(true).adminKey(Optional.of(ADMIN)).start();
             KafkaProducer<byte[], byte[]> p = ItSupport.producer(engines.kafkaBootstrapServers())) {
            for (int i = 0; i < N; i++) ItSupport.send(p, topics, post("o" + i, 1, T0.plusSeconds(60L * i), rows.get(i % rows.size()).title()));
            p.flush();
            ItSupport.await("10,000 indexed", Duration.ofSeconds(180), () -> ItSupport.count(es, prefix + "posts") == N);

            Thread writer = new Thread(() -> {
                int j = 0;
                while (writing.get()) {
                    // a new post between two originals, and a new version of an original (same published time)
                    ItSupport.send(p, topics, post("n" + j, 1, T0.plusSeconds(60L * ((j * 37) % N) + 30), "new " + j));
                    ItSupport.send(p, topics, post("o" + ((j * 53) % N), 2, T0.plusSeconds(60L * ((j * 53) % N)), "edited " + j));
                    written.incrementAndGet();
                    j++;
                    if (j % 50 == 0) {
                        p.flush();
                        ItSupport.sleep(20);
                    }
                }
                p.flush();
            }, "paging-writer");
            writer.start();

            Map<String, Integer> seen = new HashMap<>();
            String next = null;
            int pages = 0;
            do {
                var r = ItSupport.get(api.port(), "/api/v1/posts?size=100" + (next == null ? "" : "&cursor=" + next), ADMIN);
                assertThat(r.status()).isEqualTo(200);
                JsonNode body = r.json();
                for (JsonNode item : body.get("items")) seen.merge(item.get("key").asText(), 1, Integer::sum);
                next = body.get("next").isNull() ? null : body.get("next").asText();
                pages++;
            } while (next != null && pages < 1000);
            writing.set(false);
            writer.join();

            assertThat(seen.values()).as("no post seen twice").allMatch(c -> c == 1);
            for (int i = 0; i < N; i++) assertThat(seen).as("original o" + i).containsKey("wechat:o" + i);
            assertThat(written.get()).as("indexing really continued while paging").isGreaterThan(100);
            System.out.printf("paged %d pages, %d distinct posts, %d writes during paging%n", pages, seen.size(), written.get());
        } finally {
            writing.set(false);
            ItSupport.deleteIndices(es, prefix);
        }
    }
}
