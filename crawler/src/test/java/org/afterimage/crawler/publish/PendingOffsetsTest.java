package org.afterimage.crawler.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingOffsetsTest {
    private static final TopicPartition P0 = new TopicPartition("recrawl", 0);
    private static final TopicPartition P1 = new TopicPartition("recrawl", 1);

    @Test
    void commitsOnlyUpToTheOldestRequestNotYetFetched() {
        PendingOffsets o = new PendingOffsets();
        o.read(P0, 10);   // due tomorrow
        o.read(P0, 11);   // due now
        o.read(P0, 12);
        o.done(P0, 11);
        o.done(P0, 12);
        // 10 is still waiting: a restart must read it again, so the commit names 10, not 13
        assertThat(o.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));
        o.done(P0, 10);
        assertThat(o.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
    }

    @Test
    void aConsumerClosedBeforeFetchingCommitsNothingPastThePendingRequests() {
        PendingOffsets o = new PendingOffsets();
        o.read(P0, 0);
        o.read(P0, 1);
        assertThat(o.pending()).isEqualTo(2);
        assertThat(o.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(0)));
    }

    @Test
    void partitionsAreTrackedApartAndNotRecommittedWhenNothingMoved() {
        PendingOffsets o = new PendingOffsets();
        o.read(P0, 5);
        o.read(P1, 7);
        o.done(P1, 7);
        Map<TopicPartition, OffsetAndMetadata> first = o.committable();
        assertThat(first).isEqualTo(Map.of(P0, new OffsetAndMetadata(5), P1, new OffsetAndMetadata(8)));
        o.committed(first);
        assertThat(o.committable()).isEmpty();
        o.done(P0, 5);
        assertThat(o.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(6)));
    }

    @Test
    void revokedPartitionsAndUnknownOffsetsAreIgnored() {
        PendingOffsets o = new PendingOffsets();
        o.read(P0, 3);
        o.forget(List.of(P0));
        o.done(P0, 3);           // a request fetched after its partition moved to another consumer
        o.done(P1, 99);          // never read here
        assertThat(o.committable()).isEmpty();
        assertThat(o.pending()).isZero();
    }

    @Test
    void doneOutOfOrderAdvancesOnlyWhenTheOldestIsDone() {
        PendingOffsets o = new PendingOffsets();
        for (long i = 0; i < 5; i++) o.read(P0, i);
        o.done(P0, 4);
        o.done(P0, 2);
        o.done(P0, 0);
        assertThat(o.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(1)));
        o.done(P0, 1);
        assertThat(o.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(3)));
    }
}
