package org.afterimage.search.service;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.SimpleQueryStringFlag;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds Elasticsearch queries from a {@link Filter}. User text only ever reaches {@code simple_query_string}
 * with a fixed flag set (phrases, {@code -exclusion}, {@code OR}, precedence, trailing prefix): never a script,
 * a regex, fuzzy or slop operators.
 */
public final class Queries {
    /** Which index a query runs against: field names differ slightly. */
    public enum Kind { POSTS, EVENTS }

    private Queries() {
    }

    public static Query of(Filter f, Kind kind) {
        BoolQuery.Builder b = new BoolQuery.Builder();
        if (!f.q().isEmpty()) {
            List<String> fields = kind == Kind.POSTS
                    ? List.of("text^3", "previousTexts", "evidenceSummary")
                    : List.of("text^3", "evidenceSummary");
            b.must(m -> m.simpleQueryString(s -> s.query(f.q()).fields(fields)
                    .defaultOperator(co.elastic.clients.elasticsearch._types.query_dsl.Operator.And)
                    .flags(SimpleQueryStringFlag.And, SimpleQueryStringFlag.Or, SimpleQueryStringFlag.Not,
                            SimpleQueryStringFlag.Phrase, SimpleQueryStringFlag.Precedence, SimpleQueryStringFlag.Prefix,
                            SimpleQueryStringFlag.Whitespace, SimpleQueryStringFlag.Escape)
                    .lenient(true)));
        }
        terms(b, "platform", f.platforms());
        terms(b, "author", f.authors());
        if (kind == Kind.POSTS) terms(b, "status", f.statuses());
        terms(b, "reason", f.reasons());
        if (kind == Kind.EVENTS) terms(b, "type", f.types());
        f.minProbability().ifPresent(p -> b.filter(q -> q.range(r -> r.number(n -> n.field("probability").gte(p)))));
        if (f.from().isPresent() || f.to().isPresent()) {
            List<String> fields = kind == Kind.POSTS ? List.of("publishedAt", "removedAt") : List.of("detectedAt");
            List<Query> should = new ArrayList<>();
            for (String field : fields) {
                should.add(Query.of(q -> q.range(r -> r.date(d -> {
                    d.field(field);
                    f.from().ifPresent(t -> d.gte(t.toString()));
                    f.to().ifPresent(t -> d.lte(t.toString()));
                    return d;
                }))));
            }
            b.filter(q -> q.bool(x -> x.should(should).minimumShouldMatch("1")));
        }
        if (!f.includeHidden()) b.mustNot(q -> q.term(t -> t.field("hidden").value(true)));
        return Query.of(q -> q.bool(b.build()));
    }

    private static void terms(BoolQuery.Builder b, String field, List<String> values) {
        if (values.isEmpty()) return;
        List<FieldValue> fv = values.stream().map(FieldValue::of).toList();
        b.filter(q -> q.terms(t -> t.field(field).terms(v -> v.value(fv))));
    }

    /** The sort with its unique tiebreaker. */
    public static List<SortOptions> sort(Sort s, Kind kind) {
        String tie = kind == Kind.POSTS ? "key" : "eventId";
        List<SortOptions> out = new ArrayList<>();
        if (s == Sort.RELEVANCE) {
            out.add(SortOptions.of(o -> o.score(sc -> sc.order(SortOrder.Desc))));
        } else {
            out.add(SortOptions.of(o -> o.field(fs -> fs.field(s.field).order(s.ascending ? SortOrder.Asc : SortOrder.Desc)
                    .missing("_last"))));
        }
        out.add(SortOptions.of(o -> o.field(fs -> fs.field(tie).order(SortOrder.Asc))));
        return out;
    }

    static List<FieldValue> after(Cursor c) {
        List<FieldValue> out = new ArrayList<>();
        for (Object o : c.after()) {
            switch (o) {
                case Long l -> out.add(FieldValue.of(l));
                case Double d -> out.add(FieldValue.of(d));
                case String str -> out.add(FieldValue.of(str));
                default -> throw new InvalidParameterException("cursor", "not a cursor returned by this API");
            }
        }
        return out;
    }

    static List<Object> values(List<FieldValue> sortValues) {
        List<Object> out = new ArrayList<>();
        for (FieldValue v : sortValues) {
            if (v.isLong()) out.add(v.longValue());
            else if (v.isDouble()) out.add(v.doubleValue());
            else if (v.isString()) out.add(v.stringValue());
            else if (v.isBoolean()) out.add(String.valueOf(v.booleanValue()));
            else out.add(String.valueOf(v._get()));
        }
        return out;
    }
}
