package org.afterimage.crawler.publish;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Per partition, the offsets read but not yet done. What may be committed is the oldest of them (a restart re-reads
 * from there), or one past the last offset read when none is pending. Committing the whole batch as soon as it was
 * handed over lost every request due later when the process died before fetching it.
 *
 * <p>Thread-safe: the consumer thread records and commits, fetch workers mark offsets done.
 */
final class PendingOffsets {
    private static final class Partition {
        final TreeSet<Long> pending = new TreeSet<>();
        long next = -1;        // one past the highest offset read
        long committed = -1;   // the last offset committed (or about to be) for this partition
    }

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    synchronized void read(TopicPartition tp, long offset) {
        Partition p = partitions.computeIfAbsent(tp, k -> new Partition());
        p.pending.add(offset);
        p.next = Math.max(p.next, offset + 1);
    }

    /** The request at {@code offset} is fetched and published, or dropped on purpose. Unknown offsets are ignored. */
    synchronized void done(TopicPartition tp, long offset) {
        Partition p = partitions.get(tp);
        if (p != null) p.pending.remove(offset);
    }

    /** Per partition, the offset a commit may now name, for the partitions where it moved since the last commit. */
    synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        partitions.forEach((tp, p) -> {
            long upTo = p.pending.isEmpty() ? p.next : p.pending.first();
            if (upTo > p.committed) out.put(tp, new OffsetAndMetadata(upTo));
        });
        return out;
    }

    /** Records that {@code offsets} were committed, so they are not committed again. */
    synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, o) -> {
            Partition p = partitions.get(tp);
            if (p != null) p.committed = Math.max(p.committed, o.offset());
        });
    }

    /**
     * Stops tracking partitions this consumer no longer owns. Their pending requests may still be fetched here, and
     * the new owner re-reads them from the last commit: a duplicate fetch, never a lost one.
     */
    synchronized void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    synchronized int pending() {
        return partitions.values().stream().mapToInt(p -> p.pending.size()).sum();
    }
}
