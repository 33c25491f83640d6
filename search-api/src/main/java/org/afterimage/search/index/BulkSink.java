package org.afterimage.search.index;

import java.io.IOException;
import java.util.List;

/** Writes one bulk; the seam between the indexer's Kafka loop and Elasticsearch. */
@FunctionalInterface
public interface BulkSink {
    /** What happened to one op. */
    enum Result {
        /** Written, or refused as stale / already there (version conflict), or a delete of a missing doc. */
        DONE,
        /** Rejected for now (429, 5xx): send again. */
        RETRY,
        /** Refused for good (mapping error): the source record goes to dead letters. */
        REJECTED
    }

    /** One result per op, in order; {@code errors} holds a message for each {@code REJECTED} or {@code RETRY}. */
    record Outcome(List<Result> results, List<String> errors) {
    }

    /** @throws IOException when the whole bulk failed (connection refused, timeout): retry it */
    Outcome write(List<IndexOp> ops) throws IOException;
}
