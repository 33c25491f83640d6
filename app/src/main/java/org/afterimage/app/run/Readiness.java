package org.afterimage.app.run;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether Kafka and Elasticsearch answer. Cached for a second so a busy probe cannot load the engines. The
 * Elasticsearch check is a plain HTTP call to cluster health: {@code GET /} answers 405 on the core build (recipes).
 */
final class Readiness {
    private final AtomicBoolean started = new AtomicBoolean();
    private final Admin admin;
    private final URI health;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final LoadingCache<String, Map<String, Object>> cache =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(1)).build(k -> check());

    Readiness(Admin admin, String elasticsearchUrl) {
        this.admin = admin;
        this.health = URI.create(elasticsearchUrl.replaceAll("/+$", "") + "/_cluster/health");
    }

    private final Map<String, java.util.function.Supplier<String>> components = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A component that must also be up for the process to be ready: {@code state} answers a word such as "running",
     * or null while it is not (yet). The detector's first RUNNING is latched by its own {@code awaitRunning}.
     */
    void require(String name, java.util.function.Supplier<String> state) {
        components.put(name, state);
        cache.invalidateAll();
    }

    /** Every component has started: until then the process is live but not ready. */
    void started() {
        started.set(true);
        cache.invalidateAll();
    }

    /** {@code {"ready":bool, "kafka":"up|down: why", "elasticsearch":"green|yellow|red|down: why"}}. */
    Map<String, Object> status() {
        return cache.get("status");
    }

    /** The same credentials the search API's client uses ({@code ELASTICSEARCH_USERNAME} / {@code _PASSWORD}). */
    private static Optional<String> basicAuth() {
        String user = System.getenv("ELASTICSEARCH_USERNAME");
        String password = System.getenv("ELASTICSEARCH_PASSWORD");
        if (user == null || user.isBlank() || password == null) return Optional.empty();
        return Optional.of("Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private Map<String, Object> check() {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean kafkaUp;
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(3, TimeUnit.SECONDS).size();
            kafkaUp = nodes > 0;
            m.put("kafka", kafkaUp ? "up (" + nodes + " broker" + (nodes == 1 ? ")" : "s)") : "down: no brokers");
        } catch (Exception e) {
            kafkaUp = false;
            m.put("kafka", "down: " + e.getClass().getSimpleName());
        }
        boolean esUp;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(3));
            basicAuth().ifPresent(h -> request.header("Authorization", h));
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = r.body();
            String status = body.contains("\"status\":\"green\"") ? "green" : body.contains("\"status\":\"yellow\"") ? "yellow" : "red";
            esUp = r.statusCode() == 200 && !status.equals("red");
            m.put("elasticsearch", r.statusCode() == 200 ? status : "down: HTTP " + r.statusCode());
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            esUp = false;
            m.put("elasticsearch", "down: " + e.getClass().getSimpleName());
        }
        boolean componentsUp = true;
        for (var c : new java.util.TreeMap<>(components).entrySet()) {
            String state = c.getValue().get();
            componentsUp &= state != null;
            m.put(c.getKey(), state == null ? "starting" : state);
        }
        m.put("started", started.get());
        m.put("ready", started.get() && kafkaUp && esUp && componentsUp);
        return m;
    }
}
