package org.afterimage.app.run;

import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP server of {@code afterimage run}. For now it serves {@code GET /health/live} (the process is up) and
 * {@code GET /health/ready} (200 only when Kafka and Elasticsearch answer, 503 otherwise).
 */
final class HealthServer implements AutoCloseable {
    private final Javalin app;

    private HealthServer(Javalin app) {
        this.app = app;
    }

    static HealthServer start(String host, int port, Readiness readiness, String kafka, String elasticsearch) {
        Javalin app = Javalin.create(cfg -> {
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/health/live", ctx -> ctx.json(Map.of("live", true)));
            cfg.routes.get("/health/ready", ctx -> {
                Map<String, Object> status = new LinkedHashMap<>(readiness.status());
                status.put("kafkaBootstrapServers", kafka);
                status.put("elasticsearchUrl", elasticsearch);
                ctx.status(Boolean.TRUE.equals(status.get("ready")) ? 200 : 503).json(status);
            });
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
        return "HTTP server on port " + port();
    }
}
