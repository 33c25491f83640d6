package org.afterimage.search.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.afterimage.model.Platform;
import org.afterimage.model.PostStatus;
import org.afterimage.model.RemovalReason;

/**
 * Turns query parameters into a {@link Filter}. Knows nothing of HTTP: takes the parameter map. Every problem is an
 * {@link InvalidParameterException} naming the parameter; unknown parameters are refused (a typo must not silently
 * widen a query).
 */
public final class FilterParser {
    /** Parameters common to posts, events, stats and export. */
    public static final Set<String> COMMON = Set.of("q", "platform", "author", "reason", "minProbability", "from", "to");
    public static final Set<String> POSTS = union(COMMON, Set.of("status", "sort", "size", "cursor"));
    public static final Set<String> EVENTS = union(COMMON, Set.of("type", "sort", "size", "cursor"));
    public static final Set<String> STATS = union(COMMON, Set.of("status"));
    public static final Set<String> EXPORT = union(COMMON, Set.of("status", "format", "gzip"));

    static final Set<Sort> POST_SORTS = EnumSet.of(Sort.PUBLISHED, Sort.PUBLISHED_ASC, Sort.REMOVED, Sort.PROBABILITY, Sort.UPDATED, Sort.RELEVANCE);
    static final Set<Sort> EVENT_SORTS = EnumSet.of(Sort.DETECTED, Sort.DETECTED_ASC, Sort.PROBABILITY, Sort.RELEVANCE);
    static final int MAX_VALUES = 20;
    static final int MAX_VALUE_LENGTH = 512;

    private final int maxQueryLength;
    private final int maxPageSize;

    public FilterParser(int maxQueryLength, int maxPageSize) {
        this.maxQueryLength = maxQueryLength;
        this.maxPageSize = maxPageSize;
    }

    public enum Target { POSTS, EVENTS, STATS, EXPORT }

    public Filter parse(Map<String, List<String>> params, Target target) {
        Set<String> allowed = switch (target) {
            case POSTS -> POSTS;
            case EVENTS -> EVENTS;
            case STATS -> STATS;
            case EXPORT -> EXPORT;
        };
        for (String name : params.keySet()) {
            if (!allowed.contains(name)) {
                throw new InvalidParameterException(Sort.abbreviate(name), "unknown parameter; allowed: " + new TreeSet<>(allowed));
            }
        }
        for (var e : params.entrySet()) {
            if (e.getValue().size() > MAX_VALUES) throw new InvalidParameterException(e.getKey(), "more than " + MAX_VALUES + " values");
            for (String v : e.getValue()) {
                if (!e.getKey().equals("q") && v.length() > MAX_VALUE_LENGTH) {
                    throw new InvalidParameterException(e.getKey(), "value longer than " + MAX_VALUE_LENGTH + " characters");
                }
            }
        }
        String q = QueryText.prepare(single(params, "q").orElse(null), maxQueryLength);
        List<String> platforms = new ArrayList<>();
        for (String p : multi(params, "platform")) {
            try {
                platforms.add(Platform.of(p).id());
            } catch (IllegalArgumentException e) {
                throw new InvalidParameterException("platform", e.getMessage());
            }
        }
        List<String> authors = multi(params, "author");
        List<String> statuses = new ArrayList<>();
        for (String s : multi(params, "status")) {
            try {
                statuses.add(PostStatus.of(s).id());
            } catch (IllegalArgumentException e) {
                throw new InvalidParameterException("status", e.getMessage());
            }
        }
        List<String> reasons = new ArrayList<>();
        for (String r : multi(params, "reason")) {
            try {
                reasons.add(RemovalReason.valueOf(r.strip().toUpperCase(Locale.ROOT)).name());
            } catch (IllegalArgumentException e) {
                throw new InvalidParameterException("reason", "unknown reason '" + Sort.abbreviate(r) + "'; allowed: "
                        + String.join("|", java.util.Arrays.stream(RemovalReason.values()).map(Enum::name).toList()));
            }
        }
        List<String> types = new ArrayList<>();
        for (String t : multi(params, "type")) {
            String v = t.strip().toLowerCase(Locale.ROOT);
            if (!Set.of("removal", "alteration", "restoration").contains(v)) {
                throw new InvalidParameterException("type", "unknown event type '" + Sort.abbreviate(t) + "'; allowed: removal|alteration|restoration");
            }
            types.add(v);
        }
        Optional<Double> minP = single(params, "minProbability").map(s -> {
            try {
                double d = Double.parseDouble(s.strip());
                if (!(d >= 0 && d <= 1)) throw new NumberFormatException();
                return d;
            } catch (NumberFormatException e) {
                throw new InvalidParameterException("minProbability", "must be a number in [0,1], got '" + Sort.abbreviate(s) + "'");
            }
        });
        Optional<Instant> from = single(params, "from").map(s -> time("from", s, false));
        Optional<Instant> to = single(params, "to").map(s -> time("to", s, true));
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new InvalidParameterException("from", "is after to");
        }
        Set<Sort> sorts = target == Target.EVENTS ? EVENT_SORTS : POST_SORTS;
        Sort sort = single(params, "sort").map(s -> Sort.parse(s, sorts))
                .orElse(target == Target.EVENTS ? Sort.DETECTED : Sort.PUBLISHED);
        if (sort == Sort.RELEVANCE && q.isEmpty()) throw new InvalidParameterException("sort", "relevance needs q");
        int size = single(params, "size").map(s -> {
            try {
                int n = Integer.parseInt(s.strip());
                if (n < 1 || n > maxPageSize) throw new NumberFormatException();
                return n;
            } catch (NumberFormatException e) {
                throw new InvalidParameterException("size", "must be an integer from 1 to " + maxPageSize + ", got '" + Sort.abbreviate(s) + "'");
            }
        }).orElse(20);
        Optional<Cursor> cursor = single(params, "cursor").map(Cursor::decode);
        Filter f = new Filter(q, platforms, authors, statuses, reasons, types, minP, from, to, sort, size, Optional.empty(), false);
        return cursor.isEmpty() ? f : new Filter(q, platforms, authors, statuses, reasons, types, minP, from, to, sort, size, cursor, false);
    }

    static Instant time(String name, String s, boolean endOfDay) {
        String v = s.strip();
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return endOfDay ? d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1)
                        : d.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(name, "must be an ISO date (2024-06-04) or instant (2024-06-04T12:00:00Z), got '" + Sort.abbreviate(s) + "'");
        }
    }

    private static Optional<String> single(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) return Optional.empty();
        if (v.size() > 1) throw new InvalidParameterException(name, "given " + v.size() + " times; give it once");
        if (v.get(0).isBlank()) throw new InvalidParameterException(name, "is empty");
        return Optional.of(v.get(0));
    }

    private static List<String> multi(Map<String, List<String>> params, String name) {
        List<String> out = new ArrayList<>();
        for (String v : params.getOrDefault(name, List.of())) {
            for (String part : v.split(",")) {
                if (part.isBlank()) throw new InvalidParameterException(name, "empty value");
                out.add(part.strip());
            }
        }
        if (out.size() > MAX_VALUES) throw new InvalidParameterException(name, "more than " + MAX_VALUES + " values");
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}
