package org.afterimage.search.fuzz;

import org.afterimage.testkit.fuzz.Bounded;
import org.afterimage.testkit.fuzz.Mutation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.auth.Gatekeeper;
import org.afterimage.search.auth.KeyStore;
import org.afterimage.search.auth.RateLimiter;
import org.afterimage.search.auth.Role;
import org.afterimage.search.export.Exporter;
import org.afterimage.search.http.Routes;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.index.IndexLayout;
import org.afterimage.search.service.SearchService;
import org.afterimage.search.service.WarcStore;

/**
 * The JSON bodies the API parses ({@code POST /api/v1/keys}), sent over real HTTP to the real {@link Routes} in
 * Javalin: hostile bodies, content types and field values answer 201 or a 4xx with a JSON error, never a 500. Only
 * the key routes run here: Elasticsearch is named but never contacted (the query parameters are fuzzed against
 * {@code FilterParser} in {@link FilterParserFuzzTest}).
 */
class ApiBodyFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Javalin web;
    private static String admin;
    private static final byte[] SEED = "{\"role\":\"reader\",\"name\":\"fuzz\",\"validFor\":\"P90D\"}".getBytes(StandardCharsets.UTF_8);
    private static final List<String> FIELD_VALUES = List.of("null", "\"\"", "\"reader\"", "\"admin\"", "\"ADMIN\"", "\"root\"", "1", "-1", "1e400",
            "true", "[]", "{}", "[\"reader\"]", "{\"role\":\"admin\"}", "\"P90D\"", "\"PT12H\"", "\"P0D\"", "\"-P1D\"", "\"PT-1S\"",
            "\"P106751991167300D\"", "\"PT9223372036854775807S\"", "\"P99999999D\"", "\"PT2562047788015215H\"", "\"P1Y\"", "\"x\"",
            "\"" + "n".repeat(201) + "\"", "\"\\u0000\"", "\"\\ud800\"", "\"<script>alert(1)</script>\"");

    @BeforeContainer
    static void start() throws IOException {
        SearchConfig config = SearchConfig.fromYaml("auth: {rateLimits: {admin: {perMinute: 100000000, burst: 100000000}}}\nhttp: {port: 0, host: 127.0.0.1}");
        Path dir = Files.createTempDirectory("api-body-fuzz");
        KeyStore keys = new KeyStore(dir.resolve("keys.json"), InstantSource.system());
        admin = keys.create(Role.ADMIN, "fuzz-admin").secret();
        var es = DocJson.client("http://127.0.0.1:9");   // never called by the key routes
        IndexLayout layout = new IndexLayout("fuzz", 1, 0);
        Routes routes = new Routes(config, new SearchService(es, layout), new Exporter(es, layout, config.export(), InstantSource.system()),
                new Gatekeeper(keys, new RateLimiter(InstantSource.system()), config.auth()), keys,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new WarcStore(dir.resolve("warc")));
        web = Javalin.create(cfg -> {
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            cfg.startup.showJavalinBanner = false;
            routes.register(cfg);
        }).start();
    }

    @AfterContainer
    static void stop() {
        if (web != null) web.stop();
    }

    static void answersCleanly(byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/api/v1/keys"))
                .header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!contentType.isEmpty()) b.header("Content-Type", contentType);
        Bounded.Outcome<HttpResponse<String>> o = Bounded.call("POST /api/v1/keys", () -> HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
        if (o.thrown() != null) throw new AssertionError("request failed: " + o.thrown(), o.thrown());
        HttpResponse<String> r = o.value();
        String shown = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(shown + " -> " + r.body()).isIn(201, 400, 413, 415);
        if (r.statusCode() != 201) {
            try {
                JsonNode err = JSON.readTree(r.body());
                assertThat(err.isObject()).as(r.body()).isTrue();
            } catch (IOException e) {
                throw new AssertionError("error body is not JSON: " + r.body(), e);
            }
        }
    }

    @Property
    void mutatedKeyRequestsAnswer201Or4xx(@ForAll("edits") List<Mutation> edits, @ForAll("contentType") String contentType) {
        answersCleanly(Mutation.apply(SEED, edits, List.of(SEED)), contentType);
    }

    @Property
    void wrongFieldValuesAnswer201Or4xx(@ForAll @IntRange(max = 2) int field, @ForAll("fieldValue") String value) {
        String[] f = {"\"reader\"", "\"fuzz\"", "\"P1D\""};
        f[field] = value;
        String body = "{\"role\":" + f[0] + ",\"name\":" + f[1] + ",\"validFor\":" + f[2] + "}";
        answersCleanly(body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    @Property
    void randomBodiesAnswer4xx(@ForAll @StringLength(max = 300) String body) {
        answersCleanly(body.getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8");
    }

    @Property(tries = 20)
    void hostileQueryStringsOnTheKeyRoutesAnswer4xx(@ForAll @StringLength(max = 100) String name) {
        String q = URLEncoder.encode(name, StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/api/v1/keys?" + q + "=" + q))
                .header("Authorization", "Bearer " + admin).GET().build();
        Bounded.Outcome<HttpResponse<String>> o = Bounded.call("GET /api/v1/keys", () -> HTTP.send(req, HttpResponse.BodyHandlers.ofString()));
        if (o.thrown() != null) throw new AssertionError(o.thrown());
        assertThat(o.value().statusCode()).as(name).isIn(200, 400);
    }

    /**
     * Every body that once broke the API, kept under {@code src/test/resources/fuzz/regressions/keys/}. The first:
     * {@code validFor: P106751991167300D} parsed, then overflowed {@code Instant} in the key store: a 500.
     */
    @Example
    void bodiesThatOnceFailedNowAnswer4xx() throws Exception {
        Path dir = Path.of(ApiBodyFuzzTest.class.getResource("/fuzz/regressions/keys").toURI());
        try (var files = Files.list(dir)) {
            List<Path> all = files.sorted().toList();
            assertThat(all).isNotEmpty();
            for (Path p : all) answersCleanly(Files.readAllBytes(p), "application/json");
        }
    }

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return Mutation.lists();
    }

    @Provide
    Arbitrary<String> fieldValue() {
        return Arbitraries.oneOf(Arbitraries.of(FIELD_VALUES), Arbitraries.strings().ofMaxLength(30).map(s -> {
            try {
                return JSON.writeValueAsString(s);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    @Provide
    Arbitrary<String> contentType() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.just("application/json")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", "text/plain", "application/json; charset=utf-16", "APPLICATION/JSON", "application/jsonx")));
    }
}
