package org.afterimage.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A post was removed. {@code probability} is the censorship probability in [0,1]; {@code items} the weighted
 * evidence that produced it; {@code evidence} what the platform showed.
 *
 * @param lastSeenPresent when the post was last seen visible (the removal happened after it)
 * @param text            the last text seen, so the archive keeps what was removed
 */
public record RemovalEvent(
        String eventId,
        PostKey key,
        long seq,
        Instant detectedAt,
        String url,
        String author,
        Instant publishedAt,
        Instant lastSeenPresent,
        RemovalReason reason,
        Evidence evidence,
        double probability,
        List<EvidenceItem> items,
        String text,
        List<String> countries) implements PostEvent {

    public RemovalEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(detectedAt, "detectedAt");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(evidence, "evidence");
        Probability.check(probability);
        items = items == null ? List.of() : List.copyOf(items);
        countries = countries == null ? List.of() : List.copyOf(countries);
    }

    @Override
    public String type() {
        return "removal";
    }
}
