package org.afterimage.app.run;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.afterimage.app.status.Status;
import org.afterimage.model.json.Json;

/**
 * {@code GET /health/live} (the process is up), {@code GET /health/ready} (200 only when Kafka and
 * Elasticsearch answer, 503 otherwise) and {@code GET /status} (the status line's numbers as JSON). Added to the API's server in {@code afterimage run} and {@code api}; served
 * alone on {@code --port} by the components that have no API ({@code crawler}, {@code detector}, {@code indexer}).
 */
final class HealthServer implements AutoCloseable {
    private final Javalin app;

    private HealthServer(Javalin app) {
        this.app = app;
    }

    /** Adds the two health routes to a server being configured. */
    static void addRoutes(JavalinConfig cfg, Readiness readiness, String kafka, String elasticsearch,
                          Supplier<Optional<Status>> statusNow) {
        cfg.routes.get("/health/live", ctx -> ctx.json(Map.of("live", true)));
        cfg.routes.get("/health/ready", ctx -> {
            Map<String, Object> status = new LinkedHashMap<>(readiness.status());
            status.put("kafkaBootstrapServers", kafka);
            status.put("elasticsearchUrl", elasticsearch);
            ctx.status(Boolean.TRUE.equals(status.get("ready")) ? 200 : 503).json(status);
        });
        // counts only, no archived content: served without a key like the health checks ({@code afterimage status})
        cfg.routes.get("/status", ctx -> statusNow.get().ifPresentOrElse(
                s -> ctx.contentType("application/json").result(json(s)),
                () -> ctx.status(503).json(Map.of("error", "starting", "message", "the instance is still starting"))));
    }

    private static String json(Status s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("status is always serialisable", e);
        }
    }

    /** A server with only the health routes. */
    static HealthServer start(String host, int port, Readiness readiness, String kafka, String elasticsearch,
                              Supplier<Optional<Status>> statusNow) {
        Javalin app = Javalin.create(cfg -> {
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.startup.showJavalinBanner = false;
            addRoutes(cfg, readiness, kafka, elasticsearch, statusNow);
        });
        app.start();
        return new HealthServer(app);
    }

    int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    @Override
    public String toString() {
        return "health server on port " + port();
    }
}
