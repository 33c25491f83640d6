package org.afterimage.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.SearchApi;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.auth.Role.Permission;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the API against the same abuse (issue 8): no key, a made-up key, a key of the wrong role, a
 * revoked key, an expired key, a key over its rate limit, and for bodies an oversized one. Ids in paths name nothing,
 * so a request that gets past the gate answers quickly (404/400) and nothing is created. Slow clients are in
 * {@code ApiIT.aSlowClientIsCutOffAfterTheIdleTimeoutAndOthersAreServed}.
 */
@RealEngines
class AbuseMatrixIT {
    private static final String ADMIN = "abuse-matrix-admin-key-0123456789";

    record Endpoint(String method, String path, Permission needs, boolean body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/v1/posts", Permission.READ, false),
            new Endpoint("GET", "/api/v1/posts/weibo/none", Permission.READ, false),
            new Endpoint("GET", "/api/v1/posts/weibo/none/captures/0/warc", Permission.READ, false),
            new Endpoint("GET", "/api/v1/events", Permission.READ, false),
            new Endpoint("GET", "/api/v1/stats", Permission.READ, false),
            new Endpoint("GET", "/api/v1/export?status=live", Permission.EXPORT, false),
            new Endpoint("GET", "/api/v1/keys", Permission.ADMIN, false),
            new Endpoint("POST", "/api/v1/keys", Permission.ADMIN, true),
            new Endpoint("DELETE", "/api/v1/keys/none", Permission.ADMIN, false),
            new Endpoint("GET", "/api/v1/subscriptions", Permission.SUBSCRIBE, false),
            new Endpoint("POST", "/api/v1/subscriptions", Permission.SUBSCRIBE, true),
            new Endpoint("GET", "/api/v1/subscriptions/none", Permission.SUBSCRIBE, false),
            new Endpoint("DELETE", "/api/v1/subscriptions/none", Permission.SUBSCRIBE, false),
            new Endpoint("POST", "/api/v1/subscriptions/none/resume", Permission.SUBSCRIBE, false),
            new Endpoint("GET", "/api/v1/subscriptions/none/stream", Permission.SUBSCRIBE, false),
            new Endpoint("GET", "/api/v1/subscriptions/none/feed.atom", Permission.SUBSCRIBE, false),
            new Endpoint("GET", "/api/v1/redactions", Permission.ADMIN, false),
            new Endpoint("POST", "/api/v1/redactions", Permission.ADMIN, true));

    @Test
    void everyEndpointRefusesEveryKindOfAbuse(Engines engines) throws Exception {
        String ns = Engines.uniqueName("abuse");
        Topics topics = Topics.in(ns);
        ItSupport.createTopics(engines.kafkaBootstrapServers(), topics, 1);
        SearchConfig config = SearchConfig.fromYaml("http: {port: 0, host: 127.0.0.1, maxBodyBytes: 4096}\n"
                + "auth: {rateLimits: {reader: {perMinute: 2, burst: 2}, subscriber: {perMinute: 2, burst: 2}, "
                + "exporter: {perMinute: 2, burst: 2}, admin: {perMinute: 2, burst: 2}}}")
                .withIndexPrefix(ns + "-").withGroupId(Engines.uniqueName("g"));
        try (SearchApi api = SearchApi.builder().config(config).topics(topics).kafkaBootstrapServers(engines.kafkaBootstrapServers())
                .elasticsearchUrl(engines.elasticsearchUrl()).dataDir(Files.createTempDirectory("abuse"))
                .adminKey(Optional.of(ADMIN)).start()) {
            int port = api.port();
            String revoked = api.createKey("admin", "revoked");
            revokeByName(api, port, "revoked");
            String expiring = ItSupport.call(port, "POST", "/api/v1/keys", fresh(api, "admin"), "application/json",
                    "{\"role\":\"admin\",\"name\":\"expiring\",\"validFor\":\"PT1S\"}".getBytes(StandardCharsets.UTF_8)).json().get("key").asText();
            Thread.sleep(1500);

            for (Endpoint e : ENDPOINTS) {
                byte[] body = e.body() ? "{}".getBytes(StandardCharsets.UTF_8) : null;
                String type = e.body() ? "application/json" : null;
                assertThat(call(port, e, null, type, body).status()).as("%s without a key", e).isEqualTo(401);
                assertThat(call(port, e, "aik_made_up_0123456789abcdef", type, body).status()).as("%s with a made-up key", e).isEqualTo(401);
                assertThat(call(port, e, revoked, type, body).status()).as("%s with a revoked key", e).isEqualTo(401);
                assertThat(call(port, e, expiring, type, body).status()).as("%s with an expired key", e).isEqualTo(401);
                wrongRole(e).ifPresent(role -> assertThat(call(port, e, fresh(api, role), type, body).status())
                        .as("%s with a %s key", e, role).isEqualTo(403));

                // two calls in the burst get past the gate (whatever they then answer), the third is limited
                String limited = fresh(api, "admin");
                for (int i = 0; i < 2; i++) {
                    int s = call(port, e, limited, type, body).status();
                    assertThat(s).as("%s within the rate limit", e).isNotIn(401, 403, 429).isLessThan(500);
                }
                ItSupport.Response over = call(port, e, limited, type, body);
                assertThat(over.status()).as("%s over the rate limit", e).isEqualTo(429);
                assertThat(Integer.parseInt(over.header("Retry-After"))).isBetween(1, 60);

                if (e.body()) {
                    byte[] big = ("{\"name\":\"" + "x".repeat(8192) + "\"}").getBytes(StandardCharsets.UTF_8);
                    assertThat(call(port, e, fresh(api, "admin"), "application/json", big).status()).as("%s with an oversized body", e).isEqualTo(413);
                }
            }
        }
    }

    private static ItSupport.Response call(int port, Endpoint e, String key, String type, byte[] body) {
        return ItSupport.call(port, e.method(), e.path(), key, type, body);
    }

    /** A key with a role that lacks what {@code e} needs (READ is in every role: none). */
    private static Optional<String> wrongRole(Endpoint e) {
        return switch (e.needs()) {
            case READ -> Optional.empty();
            case EXPORT, SUBSCRIBE -> Optional.of("reader");
            case ADMIN -> Optional.of("subscriber");
        };
    }

    /** A new key of {@code role}: its own rate-limit bucket. */
    private static String fresh(SearchApi api, String role) {
        return api.createKey(role, "matrix");
    }

    private static void revokeByName(SearchApi api, int port, String name) {
        for (var k : ItSupport.call(port, "GET", "/api/v1/keys", fresh(api, "admin"), null, null).json().get("items")) {
            if (name.equals(k.path("name").asText())) {
                assertThat(ItSupport.call(port, "DELETE", "/api/v1/keys/" + k.get("id").asText(), fresh(api, "admin"), null, null).status())
                        .isEqualTo(204);
            }
        }
    }
}
