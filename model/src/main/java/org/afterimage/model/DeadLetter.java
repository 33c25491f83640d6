package org.afterimage.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A record a consumer could not process; value of {@code afterimage.dead-letters}, keyed by the original key.
 * Poison input is parked here with the reason and never blocks a partition.
 *
 * @param key        the original key as text (UTF-8, lossy), empty if it had none
 * @param valueBase64 the original value bytes, Base64, so nothing is lost even when they are not text
 * @param stage      who failed: {@code detector}, {@code indexer}, ...
 */
public record DeadLetter(String topic, int partition, long offset, String key, String valueBase64, String error,
                         String stage, Instant at) {
    public DeadLetter {
        Objects.requireNonNull(topic, "topic");
        key = Objects.requireNonNullElse(key, "");
        valueBase64 = Objects.requireNonNullElse(valueBase64, "");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(at, "at");
    }
}
