package org.afterimage.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.index.EsBulkSink;
import org.afterimage.search.index.IndexLayout;
import org.afterimage.search.index.IndexerLoop;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code afterimage reindex}: rebuilds the indices from the topics (Kafka is the system of record) and swaps the
 * aliases, with no downtime for readers and nothing missed by the live indexer.
 *
 * <p>Steps: create {@code <prefix>posts-v1-<time>} / {@code events-v1-<time>} with the mappings of this build; replay
 * both topics from the beginning into them (own consumer group); once caught up with the end offsets, swap both
 * aliases atomically; then replay again up to the end offsets taken after the swap, so records the live indexer wrote
 * to the old index just before the swap are in the new one too (external versions make the double write harmless).
 * The old indices are deleted only with {@code deleteOld}.
 */
public final class Reindex {
    private Reindex() {
    }

    /** What a rebuild did. */
    public record Result(String postsIndex, String eventsIndex, List<String> previous, long documents) {
    }

    public static Result run(SearchConfig config, Topics topics, String kafkaBootstrapServers, String elasticsearchUrl,
                             boolean deleteOld, Duration timeout, PrintStream out) throws IOException {
        var e = config.elasticsearch();
        IndexLayout layout = new IndexLayout(e.indexPrefix(), e.shards(), e.replicas());
        String suffix = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(InstantSource.system().instant());
        try (ElasticsearchClient es = DocJson.client(elasticsearchUrl);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers))) {
            layout.ensure(es);
            String[] created = layout.createRebuildIndices(es, suffix);
            String group = config.indexer().groupId() + "-reindex-" + suffix;
            SearchConfig.IndexerSettings s = config.withGroupId(group).indexer();
            long deadline = System.nanoTime() + timeout.toNanos();
            List<String> previous;
            // captures keep their index (their mapping did not change); replaying them again is harmless
            // privacy: the replay drops every record of a redacted post, author or host (the redactions topic is loaded first)
            org.afterimage.search.privacy.PrivacyService privacy = org.afterimage.search.privacy.PrivacyService.start(config, topics,
                    kafkaBootstrapServers, es, layout, org.afterimage.search.privacy.PrivacyService.OptOut.NONE, InstantSource.system(), false);
            IndexerLoop loop = new IndexerLoop(s, topics, kafkaBootstrapServers, created[0], created[1], layout.capturesAlias(), new EsBulkSink(es),
                    new SimpleMeterRegistry(), InstantSource.system()).filter(privacy.filter()).start();
            try {
                awaitCaughtUp(admin, topics, group, deadline);
                out.println("replayed into " + created[0] + " and " + created[1] + "; swapping aliases");
                previous = layout.swapAliases(es, created[0], created[1]);
                awaitCaughtUp(admin, topics, group, deadline);
                out.println("caught up after the swap (" + loop.indexed() + " writes)");
            } finally {
                loop.close();
                privacy.close();
            }
            try {
                admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
            } catch (Exception ex) {
                out.println("could not delete consumer group " + group + ": " + ex.getMessage());
            }
            if (deleteOld && !previous.isEmpty()) {
                es.indices().delete(d -> d.index(previous));
                out.println("deleted " + previous);
            }
            es.indices().refresh(r -> r.index(created[0], created[1]));
            long docs = es.count(c -> c.index(created[0])).count() + es.count(c -> c.index(created[1])).count();
            return new Result(created[0], created[1], previous, docs);
        }
    }

    /** Waits until the group's committed offsets reach the topics' end offsets as of now. */
    static void awaitCaughtUp(Admin admin, Topics topics, String group, long deadline) throws IOException {
        try {
            var desc = admin.describeTopics(List.of(topics.posts(), topics.events())).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> q = new HashMap<>();
            desc.forEach((name, d) -> d.partitions().forEach(p -> q.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(q).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                boolean done = end.entrySet().stream().allMatch(en -> en.getValue() == 0
                        || (committed.get(en.getKey()) != null && committed.get(en.getKey()).offset() >= en.getValue()));
                if (done) return;
                if (System.nanoTime() > deadline) throw new IOException("reindex did not catch up in time; the aliases are unchanged if this was before the swap");
                Thread.sleep(500);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
            throw new IOException("Kafka: " + ex.getMessage(), ex);
        }
    }

}
