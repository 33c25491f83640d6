package org.afterimage.model;

import java.util.Objects;

/** One run of a word-level diff between two versions of a post: kept, inserted or deleted words. */
public record DiffSegment(Op op, String text) {
    public enum Op { EQUAL, INSERT, DELETE }

    public DiffSegment {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(text, "text");
    }
}
