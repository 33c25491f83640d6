package org.afterimage.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * Something the detector found out about a post; value of {@code afterimage.events}, keyed by the post key.
 * Event ids are derived from the post key and its sequence number, so a replay produces the same ids and every
 * consumer can deduplicate.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RemovalEvent.class, name = "removal"),
    @JsonSubTypes.Type(value = AlterationEvent.class, name = "alteration"),
    @JsonSubTypes.Type(value = RestorationEvent.class, name = "restoration")})
public sealed interface PostEvent permits RemovalEvent, AlterationEvent, RestorationEvent {
    String eventId();

    PostKey key();

    /** The post's {@link PostRecord#seq()} after this event. */
    long seq();

    /** When the capture that revealed it was fetched. */
    Instant detectedAt();

    /** {@code removal|alteration|restoration}. */
    String type();

    /** The deterministic id of the event that moved {@code key} to {@code seq}. */
    static String idFor(PostKey key, long seq) {
        return key + "#" + seq;
    }
}
