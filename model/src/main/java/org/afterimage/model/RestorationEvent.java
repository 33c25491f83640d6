package org.afterimage.model;

import java.time.Instant;
import java.util.Objects;

/** A removed post is visible again (temporary blocks are common and worth knowing). */
public record RestorationEvent(
        String eventId,
        PostKey key,
        long seq,
        Instant detectedAt,
        String url,
        String author,
        RemovalReason previousReason,
        Instant removedAt,
        String text) implements PostEvent {

    public RestorationEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(detectedAt, "detectedAt");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(previousReason, "previousReason");
        Objects.requireNonNull(removedAt, "removedAt");
    }

    @Override
    public String type() {
        return "restoration";
    }
}
