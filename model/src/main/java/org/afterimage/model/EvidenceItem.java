package org.afterimage.model;

import java.util.Objects;

/**
 * One reason behind a censorship probability, with its weight, so a researcher can see why (DESIGN §6).
 *
 * @param factor machine name of the factor: {@code reason}, {@code time_to_removal}, {@code lexicon},
 *               {@code author_history}, {@code near_duplicates}, {@code account_suspended}, {@code restored}, ...
 * @param detail human-readable detail, e.g. "removed 42 min after publication" or "2 lexicon hits: 六四, 维权"
 * @param weight the contribution in log-odds (positive raises the probability, negative lowers it)
 */
public record EvidenceItem(String factor, String detail, double weight) {
    public EvidenceItem {
        Objects.requireNonNull(factor, "factor");
        detail = Objects.requireNonNullElse(detail, "");
        if (!Double.isFinite(weight)) throw new IllegalArgumentException("weight must be finite");
    }
}
