package org.afterimage.search.index;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** One write the indexer sends in a bulk: a versioned upsert or a delete (a tombstone on the posts topic). */
public sealed interface IndexOp {
    String index();

    String id();

    /** Indexes {@code doc} with external version {@code version}: ES refuses it when it holds that version or newer. */
    record Upsert(String index, String id, long version, ObjectNode doc) implements IndexOp {
        public Upsert {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(doc, "doc");
            if (version < 0) throw new IllegalArgumentException("negative version");
        }
    }

    record Delete(String index, String id) implements IndexOp {
        public Delete {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(id, "id");
        }
    }
}
