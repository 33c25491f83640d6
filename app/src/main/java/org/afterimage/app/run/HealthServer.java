package org.afterimage.app.run;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health/live} (the process is up) and {@code GET /health/ready} (200 only when Kafka and
 * Elasticsearch answer, 503 otherwise). Added to the API's server in {@code afterimage run} and {@code api}; served
 * alone on {@code --port} by the components that have no API ({@code crawler}, {@code detector}, {@code indexer}).
 */
final class HealthServer implements AutoCloseable {
    private final Javalin app;

    private HealthServer(Javalin app) {
        this.app = app;
    }

    /** Adds the two health routes to a server being configured. */
    static void addRoutes(JavalinConfig cfg, Readiness readiness, String kafka, String elasticsearch) {
        cfg.routes.get("/health/live", ctx -> ctx.json(Map.of("live", true)));
        cfg.routes.get("/health/ready", ctx -> {
            Map<String, Object> status = new LinkedHashMap<>(readiness.status());
            status.put("kafkaBootstrapServers", kafka);
            status.put("elasticsearchUrl", elasticsearch);
            ctx.status(Boolean.TRUE.equals(status.get("ready")) ? 200 : 503).json(status);
        });
    }

    /** A server with only the health routes. */
    static HealthServer start(String host, int port, Readiness readiness, String kafka, String elasticsearch) {
        Javalin app = Javalin.create(cfg -> {
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.startup.showJavalinBanner = false;
            addRoutes(cfg, readiness, kafka, elasticsearch);
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
