package org.afterimage.search.service;

import java.util.Locale;

/**
 * Result orders. Every order ends with a unique tiebreaker (post key / event id), so a {@code search_after} cursor
 * never skips or repeats a document that existed when paging started. {@code RELEVANCE} scores can shift while
 * documents are indexed; use a field order for exhaustive paging.
 */
public enum Sort {
    PUBLISHED("publishedAt", false), PUBLISHED_ASC("publishedAt", true), REMOVED("removedAt", false),
    DETECTED("detectedAt", false), DETECTED_ASC("detectedAt", true), PROBABILITY("probability", false),
    UPDATED("updatedAt", false), RELEVANCE("_score", false);

    final String field;
    final boolean ascending;

    Sort(String field, boolean ascending) {
        this.field = field;
        this.ascending = ascending;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Sort parse(String s, java.util.Set<Sort> allowed) {
        for (Sort v : allowed) if (v.id().equals(s.strip().toLowerCase(Locale.ROOT))) return v;
        StringBuilder sb = new StringBuilder();
        for (Sort v : allowed) sb.append(sb.isEmpty() ? "" : "|").append(v.id());
        throw new InvalidParameterException("sort", "unknown order '" + abbreviate(s) + "'; allowed: " + sb);
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
