package org.afterimage.search.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.afterimage.model.Redaction;
import org.afterimage.model.json.Json;
import org.afterimage.search.service.InvalidParameterException;
import org.afterimage.testkit.fuzz.Bounded;
import org.afterimage.testkit.fuzz.Mutation;

/**
 * {@code POST /api/v1/redactions} bodies mutated from valid ones: a redaction or a 400 naming the field (malformed
 * JSON is the route's 400 before this), never another exception or a hang. Hand-written hostile cases are in
 * {@link RedactionRequestTest}.
 */
class RedactionRequestFuzzTest {
    private static final PrivacyRoutes ROUTES = new PrivacyRoutes(null, null, null, null, InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")), 4096);
    private static final List<byte[]> SEEDS = List.of(
            "{\"key\":\"weibo:123/4\",\"reason\":\"GDPR request 17\"}".getBytes(StandardCharsets.UTF_8),
            "{\"author\":\"reddit:SomeOne\",\"reason\":\"asked by the author\"}".getBytes(StandardCharsets.UTF_8),
            "{\"host\":\"blog.example.org\",\"reason\":\"opt-out\"}".getBytes(StandardCharsets.UTF_8));

    @Property(tries = 1000)
    void mutatedBodiesRedactOrNameTheField(@ForAll("seed") byte[] seed, @ForAll("edits") List<Mutation> edits) {
        byte[] body = Mutation.apply(seed, edits, SEEDS);
        Bounded.Outcome<Redaction> o = Bounded.call("redaction body", () -> {
            var n = Json.MAPPER.readTree(body);
            return n != null && n.isObject() ? ROUTES.parse(n, "key:k1") : null;
        });
        if (o.thrown() == null) return;   // a redaction, or not an object (the route's 400)
        if (o.thrown() instanceof InvalidParameterException e) {
            assertThat(e.parameter()).isNotBlank();
            return;
        }
        if (o.thrown() instanceof java.io.IOException) return;   // not JSON: the route's 400
        throw new AssertionError("undocumented exception " + o.thrown(), o.thrown());
    }

    @Provide
    Arbitrary<byte[]> seed() {
        return Arbitraries.of(SEEDS);
    }

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return Mutation.lists();
    }
}
