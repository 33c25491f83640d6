package org.afterimage.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A visible post's content changed: the two hashes, the new and previous text, and a word-level diff. */
public record AlterationEvent(
        String eventId,
        PostKey key,
        long seq,
        Instant detectedAt,
        String url,
        String author,
        Instant publishedAt,
        String fromHash,
        String toHash,
        String previousText,
        String text,
        List<DiffSegment> diff) implements PostEvent {

    public AlterationEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(detectedAt, "detectedAt");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(fromHash, "fromHash");
        Objects.requireNonNull(toHash, "toHash");
        if (fromHash.equals(toHash)) throw new IllegalArgumentException("alteration with identical hashes");
        previousText = Objects.requireNonNullElse(previousText, "");
        text = Objects.requireNonNullElse(text, "");
        diff = diff == null ? List.of() : List.copyOf(diff);
    }

    @Override
    public String type() {
        return "alteration";
    }
}
