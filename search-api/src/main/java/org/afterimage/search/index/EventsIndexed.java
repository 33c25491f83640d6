package org.afterimage.search.index;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Told about each batch of events the indexer has written, before the batch's offsets are committed (the alert
 * matcher). Throwing makes the indexer re-read the batch (it is re-indexed idempotently and told again), so a
 * listener must tolerate seeing an event twice.
 */
@FunctionalInterface
public interface EventsIndexed {
    /** One event document just written: its id in the events index, the document, and the Kafka record time. */
    record Event(String id, ObjectNode doc, Instant producedAt) {
        public Event {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(doc, "doc");
            Objects.requireNonNull(producedAt, "producedAt");
        }
    }

    void indexed(List<Event> events) throws Exception;
}
