package org.afterimage.bench.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.afterimage.model.PostRecord;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.kafka.TopicAdmin;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.Indexer;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.index.Docs;
import org.afterimage.search.index.IndexLayout;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Indexer throughput: documents/s from the {@code posts} topic into Elasticsearch through {@link Indexer}, beside a
 * bare bulk loop of the same (pre-built) documents on the same node, same batch size. Reports the ratio
 * (target: at least 0.7).
 *
 * <p>Run: {@code java -cp <search-api test class path>:bench-classes org.afterimage.bench.search.IndexerBench
 * --kafka 127.0.0.1:19092 --es http://127.0.0.1:9200 --docs 50000}
 */
public final class IndexerBench {
    public static void main(String[] args) throws Exception {
        String kafka = SearchBenchData.arg(args, "kafka", "127.0.0.1:19092");
        String esUrl = SearchBenchData.arg(args, "es", "http://127.0.0.1:9200");
        int n = Integer.parseInt(SearchBenchData.arg(args, "docs", "50000"));
        int batch = 1000;
        String run = "bench-idx-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis() % 100000;
        ElasticsearchClient es = DocJson.client(esUrl);
        try {
            // baseline: a bare bulk loop of the same documents (built before the clock starts)
            IndexLayout base = new IndexLayout(run + "-base-", 1, 0);
            base.ensure(es);
            List<ObjectNode> docs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) docs.add(Docs.post(SearchBenchData.post(i)));
            long t0 = System.nanoTime();
            for (int from = 0; from < n; from += batch) {
                SearchBenchData.bulk(es, new BulkRequest.Builder(), base.postsAlias(), docs.subList(from, Math.min(n, from + batch)));
            }
            double bareSec = (System.nanoTime() - t0) / 1e9;
            docs = null;

            // the indexer: records already on the topic, clock from start to the last document written
            Topics topics = Topics.in(run);
            Properties ap = new Properties();
            ap.put("bootstrap.servers", kafka);
            try (Admin admin = Admin.create(ap)) {
                TopicAdmin.ensure(admin, topics, 1, Duration.ofSeconds(60));
            }
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
            pp.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            pp.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 << 10);
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < n; i++) {
                    PostRecord r = SearchBenchData.post(i);
                    p.send(new ProducerRecord<>(topics.posts(), r.key().toString().getBytes(), Codecs.POST.encode(r)));
                }
            }
            SearchConfig cfg = SearchConfig.fromYaml("indexer: {maxPollRecords: " + batch + "}").withIndexPrefix(run + "-idx-")
                    .withGroupId(run);
            long t1 = System.nanoTime();
            long firstAt = 0;
            long firstCount = 0;
            SimpleMeterRegistry reg = new SimpleMeterRegistry();
            try (Indexer idx = Indexer.start(cfg, topics, kafka, esUrl, reg, Duration.ofSeconds(30))) {
                while (idx.indexed() < n) {
                    if (firstAt == 0 && idx.indexed() > 0) {
                        firstAt = System.nanoTime();
                        firstCount = idx.indexed();
                    }
                    Thread.sleep(5);
                }
            }
            long end = System.nanoTime();
            var timer = reg.get("afterimage.indexer.bulk").timer();
            System.out.printf("  indexer bulks: %d, mean %.0f docs per bulk, mean bulk latency %.0f ms%n", timer.count(),
                    (double) n / timer.count(), timer.mean(java.util.concurrent.TimeUnit.MILLISECONDS));
            double indexerSec = (end - t1) / 1e9;
            double steadySec = (end - firstAt) / 1e9;
            double steadyRate = (n - firstCount) / steadySec;
            System.out.printf("IndexerBench docs=%d batch=%d%n  bare bulk loop: %.0f docs/s (%.1f s)%n"
                    + "  indexer, start to last doc:  %.0f docs/s (%.1f s, includes ES/Kafka client start and group join)%n"
                    + "  indexer, first bulk to last: %.0f docs/s (%.1f s)%n  ratio indexer/bare: %.2f overall, %.2f steady%n",
                    n, batch, n / bareSec, bareSec, n / indexerSec, indexerSec, steadyRate, steadySec, bareSec / indexerSec,
                    steadyRate / (n / bareSec));
        } finally {
            es.indices().delete(d -> d.index(run + "-*").ignoreUnavailable(true).allowNoIndices(true));
            es.close();
        }
    }
}
