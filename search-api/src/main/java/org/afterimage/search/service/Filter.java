package org.afterimage.search.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A parsed, validated search: the same filters serve {@code /posts}, {@code /events}, {@code /stats} and
 * {@code /export} (and later saved subscriptions).
 *
 * @param q             simple_query_string text, already CJK-phrased (see {@link QueryText}); empty for none
 * @param types         event types ({@code removal|alteration|restoration}); events only
 * @param includeHidden show self-deletions (admin, or config)
 */
public record Filter(String q, List<String> platforms, List<String> authors, List<String> statuses,
                     List<String> reasons, List<String> types, Optional<Double> minProbability,
                     Optional<Instant> from, Optional<Instant> to, Sort sort, int size, Optional<Cursor> cursor,
                     boolean includeHidden) {
    public Filter {
        platforms = List.copyOf(platforms);
        authors = List.copyOf(authors);
        statuses = List.copyOf(statuses);
        reasons = List.copyOf(reasons);
        types = List.copyOf(types);
    }

    public Filter withIncludeHidden(boolean v) {
        return new Filter(q, platforms, authors, statuses, reasons, types, minProbability, from, to, sort, size, cursor, v);
    }

    /** Identifies the query (not the page): a cursor made for one query is refused by another. */
    public String fingerprint() {
        String s = String.join("\u0001", q, String.join(",", platforms), String.join(",", authors),
                String.join(",", statuses), String.join(",", reasons), String.join(",", types),
                String.valueOf(minProbability.orElse(null)), String.valueOf(from.orElse(null)),
                String.valueOf(to.orElse(null)), sort.id(), String.valueOf(includeHidden));
        return Integer.toHexString(s.hashCode());
    }
}
