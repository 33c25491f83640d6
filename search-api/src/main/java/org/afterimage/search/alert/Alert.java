package org.afterimage.search.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import org.afterimage.search.index.DocJson;

/**
 * One event matched by one subscription: the value of the alerts topic, the webhook body, an SSE {@code data}
 * line and an Atom entry. {@code alertId} is derived from the subscription and event ids, so re-matching the same
 * event (a redelivered batch, a restart) yields the same id: receivers deduplicate on it.
 */
record Alert(String alertId, String subscriptionId, ObjectNode event, ObjectNode post, Instant matchedAt, Instant producedAt) {
    Alert {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(post, "post");
        Objects.requireNonNull(matchedAt, "matchedAt");
        Objects.requireNonNull(producedAt, "producedAt");
    }

    static String idFor(String subscriptionId, String eventId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((subscriptionId + "\n" + eventId).getBytes(StandardCharsets.UTF_8));
            return "al_" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] toJson() {
        try {
            return DocJson.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException on anything that is not an alert */
    static Alert parse(byte[] json) {
        if (json == null) throw new IllegalArgumentException("null alert");
        try {
            Alert a = DocJson.MAPPER.readValue(json, Alert.class);
            if (a == null) throw new IllegalArgumentException("empty alert");
            return a;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed alert: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
