package org.afterimage.search.fuzz;

import org.afterimage.testkit.fuzz.Bounded;
import org.afterimage.testkit.fuzz.Mutation;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.afterimage.search.service.Cursor;
import org.afterimage.search.service.Filter;
import org.afterimage.search.service.FilterParser;
import org.afterimage.search.service.InvalidParameterException;
import org.afterimage.search.service.Queries;

/**
 * The query parameters of posts, events, stats and export, as a client may send them: {@link FilterParser} gives a
 * filter, from which the Elasticsearch query and sort always build, or an {@link InvalidParameterException} naming a
 * parameter the client sent (a 400); nothing else (which would be a 500).
 */
class FilterParserFuzzTest {
    private static final FilterParser PARSER = new FilterParser(500, 100);
    private static final List<String> NAMES = List.of("q", "platform", "author", "reason", "minProbability", "from", "to",
            "status", "sort", "size", "cursor", "type", "format", "gzip", "Q", "size ", "", "\u0000", "__proto__");
    private static final List<String> VALUES = List.of("", " ", ",", ",,", "telegram", "telegram,reddit", "TELEGRAM", "html,rss,weibo",
            "present", "removed", "altered", "censored", "CENSORED", "deleted_by_author", "removal", "alteration", "restoration",
            "0", "1", "0.5", "-0", "NaN", "Infinity", "1e-400", "1e400", "0x1p-3", "2024-06-04", "2024-06-04T12:00:00Z",
            "+1000000000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "9999-12-31", "0000-01-01", "2024-02-30", "2024-13-01",
            "relevance", "published", "published_asc", "removed", "probability", "detected", "detected_asc", "updated", "-published",
            "20", "-1", "101", "2147483648", "1 ", "0020", "csv", "jsonl", "warc", "true", "yes",
            "a*", "*a", "?x", "/.*/", "\"phrase\"", "a | b", "-x", "(((", "~2", "\\", "中国 审查", "\ud800", "\t", "\u0085",
            cursor("f", "[1, \"x\"]"), cursor("f", "[]"), cursor("f", "[1,2,3,4,5]"), cursor("f", "[{\"a\":1}]"), cursor("f", "[1e400]"),
            cursor("f", "[" + "9".repeat(80) + "]"), "not-base64!", "eyJ9", "=".repeat(10));

    private static String cursor(String f, String a) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"f\":\"" + f + "\",\"a\":" + a + "}").getBytes(StandardCharsets.UTF_8));
    }

    static void parses(Map<String, List<String>> params, FilterParser.Target target) {
        Bounded.Outcome<Filter> o = Bounded.call("FilterParser", () -> PARSER.parse(params, target));
        if (o.thrown() != null) {
            if (!(o.thrown() instanceof InvalidParameterException e)) throw new AssertionError(params + ": undocumented exception " + o.thrown(), o.thrown());
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.parameter()).as("the parameter named exists in the request").isNotNull();
            return;
        }
        Filter f = o.value();
        Queries.Kind kind = target == FilterParser.Target.EVENTS ? Queries.Kind.EVENTS : Queries.Kind.POSTS;
        assertThat(Queries.of(f, kind)).isNotNull();
        assertThat(Queries.sort(f.sort(), kind)).isNotNull();
    }

    @Property
    void anyParametersGiveAFilterOrNameTheParameter(@ForAll("params") Map<String, List<String>> params, @ForAll FilterParser.Target target) {
        parses(params, target);
    }

    @Property
    void mutatedCursorsDecodeOrAreRefused(@ForAll("edits") List<Mutation> edits) {
        byte[] seed = cursor("abc", "[1700000000000, 0.5, \"post:telegram:x/1\"]").getBytes(StandardCharsets.UTF_8);
        byte[] json = Base64.getUrlDecoder().decode(seed);
        String mutatedToken = new String(Mutation.apply(seed, edits, List.of(seed)), StandardCharsets.ISO_8859_1);
        String mutatedJson = Base64.getUrlEncoder().encodeToString(Mutation.apply(json, edits, List.of(json)));
        for (String token : List.of(mutatedToken, mutatedJson)) {
            Bounded.Outcome<Cursor> o = Bounded.call("Cursor.decode", () -> Cursor.decode(token));
            if (o.thrown() != null && !(o.thrown() instanceof InvalidParameterException)) {
                throw new AssertionError(token + ": undocumented exception " + o.thrown(), o.thrown());
            }
            if (o.thrown() == null) parses(Map.of("cursor", List.of(token)), FilterParser.Target.POSTS);
        }
    }

    @Property
    void randomCursorTokensAreRefusedCleanly(@ForAll @StringLength(max = 3000) String token) {
        Bounded.Outcome<Cursor> o = Bounded.call("Cursor.decode", () -> Cursor.decode(token));
        if (o.thrown() != null && !(o.thrown() instanceof InvalidParameterException)) {
            throw new AssertionError(token + ": undocumented exception " + o.thrown(), o.thrown());
        }
    }

    @Provide
    Arbitrary<Map<String, List<String>>> params() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(NAMES), Arbitraries.of(NAMES), Arbitraries.strings().ofMaxLength(20));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(VALUES)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of(VALUES), Arbitraries.of(VALUES)).as((a, b) -> a + "," + b)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(80)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMinLength(400).ofMaxLength(700)));
        Arbitrary<List<String>> values = value.list().ofMinSize(0).ofMaxSize(3);
        Arbitrary<List<String>> many = value.list().ofMinSize(19).ofMaxSize(23);
        return Arbitraries.maps(name, Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, values), net.jqwik.api.Tuple.of(1, many)))
                .ofMaxSize(6).map(LinkedHashMap::new);
    }

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return Mutation.lists();
    }
}
