package org.afterimage.app.status;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.index.IndexLayout;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a {@link Status} from the engines: end offsets of the captures topic (its rate between two readings is
 * fetches per minute), the lag of the crawler's group on recrawl requests (due) and of the indexer's group on its
 * three input topics, and counts in the posts and events indices. Each call is bounded by a short timeout and
 * reports {@code -1} for what it could not read, so a status line never blocks on a dead engine.
 */
public final class StatusProbe {
    private static final long TIMEOUT_MS = 3_000;

    private final Admin admin;
    private final ElasticsearchClient es;
    private final Topics topics;
    private final IndexLayout layout;
    private final String crawlerGroup;
    private final String indexerGroup;
    private final int sources;
    private final Supplier<String> api;
    private final InstantSource clock;
    private Instant previousAt;
    private long previousCaptures = -1;

    public StatusProbe(Admin admin, ElasticsearchClient es, Topics topics, IndexLayout layout, String crawlerGroup,
                       String indexerGroup, int sources, Supplier<String> api, InstantSource clock) {
        this.admin = admin;
        this.es = es;
        this.topics = topics;
        this.layout = layout;
        this.crawlerGroup = crawlerGroup;
        this.indexerGroup = indexerGroup;
        this.sources = sources;
        this.api = api;
        this.clock = clock;
    }

    /** A fresh reading; the rate is measured against the previous call of this method. */
    public synchronized Status read() {
        Instant now = clock.instant();
        Map<TopicPartition, Long> ends = endOffsets(List.of(topics.captures(), topics.recrawlRequests(),
                topics.posts(), topics.events()));
        long captures = ends == null ? -1 : sum(ends, List.of(topics.captures()));
        long perMin = -1;
        if (captures >= 0 && previousCaptures >= 0 && previousAt != null) {
            long ms = Duration.between(previousAt, now).toMillis();
            if (ms > 0) perMin = Math.max(0, (captures - previousCaptures) * 60_000 / ms);
        }
        if (captures >= 0) {
            previousAt = now;
            previousCaptures = captures;
        }
        long due = ends == null ? -1 : lag(crawlerGroup, ends, List.of(topics.recrawlRequests()));
        long indexerLag = ends == null ? -1 : lag(indexerGroup, ends, List.of(topics.posts(), topics.events(), topics.captures()));
        return new Status(now, sources, count(layout.postsAlias(), null), perMin, captures, due,
                count(layout.eventsAlias(), "removal"), count(layout.eventsAlias(), "alteration"), indexerLag, api.get());
    }

    private Map<TopicPartition, Long> endOffsets(Collection<String> names) {
        try {
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            described.values().forEach(d -> d.partitions().forEach(p -> ask.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin.listOffsets(ask).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            r.forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return null;
        }
    }

    private static long sum(Map<TopicPartition, Long> ends, List<String> of) {
        return ends.entrySet().stream().filter(e -> of.contains(e.getKey().topic())).mapToLong(Map.Entry::getValue).sum();
    }

    /** End offset minus committed offset over the group's partitions of {@code of}; never committed counts from 0. */
    private long lag(String group, Map<TopicPartition, Long> ends, List<String> of) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                if (!of.contains(e.getKey().topic())) continue;
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += Math.max(0, e.getValue() - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return -1;
        }
    }

    private long count(String alias, String eventType) {
        try {
            return es.count(c -> {
                c.index(alias);
                if (eventType != null) c.query(q -> q.term(t -> t.field("type").value(eventType)));
                return c;
            }).count();
        } catch (Exception e) {
            return -1;
        }
    }
}
