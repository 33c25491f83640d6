package org.afterimage.search.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * Webhook delivery state of one subscription, published by the process delivering it (value of the compacted
 * alert-deliveries topic) so that every API replica can show it.
 *
 * @param partition/offset   the alerts-topic position of the last delivered alert (-1: none): after a restart or
 *                           a rebalance alerts at or before it are not sent again
 * @param resumeGeneration   the subscription's resume generation this state has seen (a pause holds until it grows)
 */
record DeliveryState(String subscriptionId, String status, Instant lastSuccess, String lastError, Instant lastErrorAt,
                     long backlog, long delivered, long failedAttempts, int consecutiveFailures, int partition,
                     long offset, long resumeGeneration, Instant updatedAt) {
    static final String ACTIVE = "active";
    static final String PAUSED = "paused";

    DeliveryState {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        if (!ACTIVE.equals(status) && !PAUSED.equals(status)) throw new IllegalArgumentException("status " + status);
    }

    static DeliveryState initial(String id, long resumeGeneration) {
        return new DeliveryState(id, ACTIVE, null, null, null, 0, 0, 0, 0, -1, -1, resumeGeneration, null);
    }
}
