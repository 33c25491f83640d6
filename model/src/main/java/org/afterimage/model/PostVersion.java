package org.afterimage.model;

import java.time.Instant;
import java.util.Objects;

/** One distinct content of a post: its hash, its (normalised) text, and when it was first and last seen. */
public record PostVersion(String contentHash, String text, Instant firstSeen, Instant lastSeen) {
    public PostVersion {
        Objects.requireNonNull(contentHash, "contentHash");
        text = Objects.requireNonNullElse(text, "");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (lastSeen.isBefore(firstSeen)) throw new IllegalArgumentException("lastSeen before firstSeen");
    }

    public PostVersion seenAt(Instant t) {
        return t.isAfter(lastSeen) ? new PostVersion(contentHash, text, firstSeen, t) : this;
    }
}
