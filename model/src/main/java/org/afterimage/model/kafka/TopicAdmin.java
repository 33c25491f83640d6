package org.afterimage.model.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics so that it is safe to produce to them at once. Every producer-side caller goes through here.
 *
 * <p>Why: on Kafka before 4.5 (KAFKA-15591), records produced right after {@code createTopics()} returns can be
 * lost while partition leadership settles. We wait until {@code listOffsets} answers on every partition.
 */
public final class TopicAdmin {
    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

    private TopicAdmin() {
    }

    /** Creates the missing topics of {@code topics} and waits until all of them are ready to take records. */
    public static void ensure(Admin admin, Topics topics, int partitions, Duration timeout) {
        ensure(admin, topics.specs(partitions), timeout);
    }

    /** Creates the missing topics among {@code specs} and waits until every partition of every spec answers. */
    public static void ensure(Admin admin, List<Topics.Spec> specs, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            short replication = (short) Math.max(1, Math.min(3, brokers));
            List<NewTopic> create = new ArrayList<>();
            for (Topics.Spec s : specs) {
                if (existing.contains(s.name())) continue;
                Map<String, String> cfg = new HashMap<>();
                if (s.compacted()) {
                    cfg.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                }
                if (replication > 1) cfg.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
                create.add(new NewTopic(s.name(), s.partitions(), replication).configs(cfg));
            }
            if (!create.isEmpty()) {
                try {
                    admin.createTopics(create).all().get(remaining(deadline), TimeUnit.MILLISECONDS);
                    log.info("created topics {}", create.stream().map(NewTopic::name).toList());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;   // a peer created it first
                }
            }
            awaitWritable(admin, specs.stream().map(Topics.Spec::name).toList(), deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka topics not ready within " + timeout + ": " + e.getMessage(), e);
        }
    }

    private static void awaitWritable(Admin admin, List<String> topics, long deadline)
            throws InterruptedException, TimeoutException {
        while (true) {
            try {
                var described = admin.describeTopics(topics).allTopicNames().get(remaining(deadline), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetSpec> query = new HashMap<>();
                described.forEach((name, d) -> d.partitions().forEach(p -> {
                    if (p.leader() == null) throw new IllegalStateException("no leader yet for " + name + "-" + p.partition());
                    query.put(new TopicPartition(name, p.partition()), OffsetSpec.latest());
                }));
                admin.listOffsets(query).all().get(remaining(deadline), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("topics " + topics + " not writable: " + e.getMessage());
                }
                Thread.sleep(100);
            }
        }
    }

    private static long remaining(long deadline) throws TimeoutException {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (ms <= 0) throw new TimeoutException("deadline passed");
        return ms;
    }
}
