package org.afterimage.search.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HttpResponseException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.afterimage.search.http.JsonBody;
import org.afterimage.search.service.FilterParser;
import org.afterimage.search.service.InvalidParameterException;
import org.afterimage.testkit.fuzz.Bounded;
import org.afterimage.testkit.fuzz.Mutation;

/**
 * {@code POST /api/v1/subscriptions} bodies: any bytes give a request, a 400 naming the field or a 413; never another
 * exception, a hang or a blow-up. Seeds are the bodies the docs and the demo send. Every host name resolves to a
 * public address here (the SSRF guard's own cases are in {@code SsrfTest}).
 */
class SubscriptionRequestFuzzTest {
    private static final long MAX_BYTES = 64 * 1024;
    private static final FilterParser PARSER = new FilterParser(1000, 100);
    private static final Ssrf SSRF = new Ssrf(List.of(), host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34})});
    private static final List<byte[]> SEEDS = List.of(
            bytes("{\"name\":\"demo: censored removals\",\"query\":{\"type\":\"removal\",\"reason\":[\"CENSORED\",\"ACCOUNT_SUSPENDED\"]},"
                    + "\"delivery\":{\"webhook\":{\"url\":\"https://hooks.example.org/afterimage\",\"secret\":\"0123456789abcdef0123\"}}}"),
            bytes("{\"query\":{\"q\":\"flood\",\"platform\":\"wechat\",\"minProbability\":0.8,\"from\":\"2026-01-01T00:00:00Z\"}}"),
            bytes("{\"name\":null,\"query\":{},\"delivery\":null}"));
    /** JSON values of every wrong shape, for every field. */
    private static final List<String> VALUES = List.of("null", "1", "-1", "1e400", "true", "\"\"", "\"x\"", "[]", "{}", "[null]", "[[]]",
            "{\"a\":{}}", "\"" + "n".repeat(201) + "\"", "\"\\u0000\"", "\"\\ud800\"", "\"<script>\"", "[\"CENSORED\"]", "\"CENSORED\"",
            "{\"webhook\":null}", "{\"webhook\":{\"url\":\"http://169.254.169.254/\",\"secret\":\"0123456789abcdef\"}}",
            "{\"webhook\":{\"url\":1,\"secret\":\"0123456789abcdef\"}}", "{\"webhook\":{\"url\":\"https://a.example/\",\"secret\":\"short\"}}");
    private static final List<String> FIELDS = List.of("name", "query", "delivery", "query.q", "query.type", "query.reason",
            "query.minProbability", "query.from", "query.size", "query.sort", "query.nope", "nope");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The contract; returns what came out, for the examples. */
    static Object parses(byte[] raw) {
        Bounded.Outcome<SubscriptionRequest> o = Bounded.call("subscription body", () ->
                SubscriptionRequest.parse(JsonBody.object(raw, "application/json", MAX_BYTES), PARSER, SSRF, false));
        if (o.thrown() == null) return o.value();
        if (o.thrown() instanceof InvalidParameterException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e;
        }
        if (o.thrown() instanceof HttpResponseException e && e.getStatus() == 413) return e;
        throw new AssertionError("undocumented exception " + o.thrown(), o.thrown());
    }

    @Property(tries = 500)
    void mutatedBodiesParseOrAreRefused(@ForAll("seed") byte[] seed, @ForAll("edits") List<Mutation> edits) {
        parses(Mutation.apply(seed, edits, SEEDS));
    }

    @Property(tries = 500)
    void wrongValuesAreRefusedNamingTheField(@ForAll("field") String field, @ForAll("value") String value) {
        String[] path = field.split("\\.");
        String body = path.length == 1 ? "{\"" + field + "\":" + value + "}" : "{\"" + path[0] + "\":{\"" + path[1] + "\":" + value + "}}";
        Object out = parses(bytes(body));
        if (out instanceof InvalidParameterException e) {
            assertThat(e.getMessage() + " " + e.parameter()).as(body).containsAnyOf(path[path.length - 1], path[0]);
        }
    }

    @Property
    void randomTextParsesOrIsRefused(@ForAll @StringLength(max = 300) String text) {
        parses(bytes(text));
    }

    @Example
    void bombsAreRefused() {
        assertThat(parses(bytes("{\"query\":" + "[".repeat(30_000) + "]".repeat(30_000) + "}"))).isInstanceOf(InvalidParameterException.class);
        assertThat(parses(bytes("{\"name\":\"" + "n".repeat(70_000) + "\"}"))).isInstanceOf(HttpResponseException.class);
        StringBuilder many = new StringBuilder("{\"query\":{\"platform\":[");
        for (int i = 0; i < 5000; i++) many.append(i == 0 ? "" : ",").append("\"wechat\"");
        assertThat(parses(bytes(many.append("]}}").toString()))).isInstanceOf(InvalidParameterException.class);
    }

    @Example
    void theSeedsAreValid() {
        for (byte[] s : SEEDS) assertThat(parses(s)).isInstanceOf(SubscriptionRequest.class);
    }

    @Provide
    Arbitrary<byte[]> seed() {
        return Arbitraries.of(SEEDS);
    }

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return Mutation.lists();
    }

    @Provide
    Arbitrary<String> field() {
        return Arbitraries.of(FIELDS);
    }

    @Provide
    Arbitrary<String> value() {
        return Arbitraries.oneOf(Arbitraries.of(VALUES), Combinators.combine(Arbitraries.of(VALUES), Arbitraries.of(VALUES)).as((a, b) -> "[" + a + "," + b + "]"));
    }
}
