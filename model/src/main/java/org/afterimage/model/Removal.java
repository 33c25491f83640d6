package org.afterimage.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The classification of a removed post: the platform's reason, when it was detected, the censorship probability
 * and the evidence behind it.
 */
public record Removal(RemovalReason reason, Instant removedAt, double probability, Evidence evidence,
                      List<EvidenceItem> items) {
    public Removal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(removedAt, "removedAt");
        Objects.requireNonNull(evidence, "evidence");
        Probability.check(probability);
        items = items == null ? List.of() : List.copyOf(items);
    }
}
