package org.afterimage.app.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.afterimage.engines.EmbeddedEngines;
import org.afterimage.model.kafka.TopicAdmin;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code afterimage run} starts, in order, and stops in reverse: the engines (embedded under
 * {@code data/engines}, or external), the topics, the HTTP server with the health endpoints. Later stages
 * (crawler, detector, indexer, API) are added here.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    /**
     * How to run.
     *
     * @param kafka external bootstrap servers, or empty to embed
     * @param elasticsearch external URL, or empty to embed
     */
    public record Settings(Path dataDir, String host, int port, int partitions, Optional<String> kafka,
                           Optional<String> elasticsearch, Topics topics) {
        public Settings {
            Objects.requireNonNull(dataDir, "dataDir");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("--port " + port + " is not a port (0-65535)");
            if (partitions < 1) throw new IllegalArgumentException("--partitions " + partitions + " must be at least 1");
        }

        /** Settings from the command line, with {@code KAFKA_BOOTSTRAP_SERVERS} / {@code ELASTICSEARCH_URL} from {@code env}. */
        public static Settings fromEnvironment(Path dataDir, String host, int port, int partitions, Map<String, String> env) {
            return new Settings(dataDir.toAbsolutePath().normalize(), host, port, partitions,
                    nonBlank(env.get("KAFKA_BOOTSTRAP_SERVERS")), nonBlank(env.get("ELASTICSEARCH_URL")),
                    Topics.in(Optional.ofNullable(env.get("AFTERIMAGE_TOPIC_NAMESPACE")).filter(s -> !s.isBlank()).orElse("afterimage")));
        }

        private static Optional<String> nonBlank(String s) {
            return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
        }
    }

    private final List<AutoCloseable> stages = new ArrayList<>();
    private final Settings settings;
    private String kafka;
    private String elasticsearch;
    private HealthServer http;

    private Pipeline(Settings settings) {
        this.settings = settings;
    }

    /** Starts everything and returns once the engines answer and the HTTP server listens. */
    public static Pipeline start(Settings settings) throws IOException {
        Pipeline p = new Pipeline(settings);
        try {
            p.startStages();
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void startStages() throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(settings.dataDir());
        String mode;
        if (settings.kafka().isPresent() && settings.elasticsearch().isPresent()) {
            kafka = settings.kafka().get();
            elasticsearch = settings.elasticsearch().get();
            mode = "external";
        } else {
            EmbeddedEngines engines = EmbeddedEngines.start(settings.dataDir().resolve("engines"));
            stages.add(engines);
            kafka = settings.kafka().orElse(engines.kafkaBootstrapServers());
            elasticsearch = settings.elasticsearch().orElse(engines.elasticsearchUrl());
            mode = "embedded under " + settings.dataDir().resolve("engines");
        }
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
        stages.add(() -> admin.close(Duration.ofSeconds(5)));
        TopicAdmin.ensure(admin, settings.topics(), settings.partitions(), Duration.ofSeconds(60));

        http = HealthServer.start(settings.host(), settings.port(), new Readiness(admin, elasticsearch), kafka, elasticsearch);
        stages.add(http);

        long ms = (System.nanoTime() - t0) / 1_000_000;
        long jvmMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        log.info("Afterimage ready in {} ms ({} ms since JVM start): Kafka {} and Elasticsearch {} ({}), data {}, API {}",
                ms, jvmMs, kafka, elasticsearch, mode, settings.dataDir(), apiUrl());
    }

    public String kafkaBootstrapServers() {
        return kafka;
    }

    public String elasticsearchUrl() {
        return elasticsearch;
    }

    public String apiUrl() {
        return http == null ? "(not started)" : "http://" + settings.host() + ":" + http.port();
    }

    /** Stops every stage in reverse start order; safe to call twice. */
    @Override
    public synchronized void close() {
        for (AutoCloseable s : stages.reversed()) {
            try {
                s.close();
            } catch (Exception e) {
                log.warn("error while stopping {}: {}", s, e.toString());
            }
        }
        if (!stages.isEmpty()) log.info("Afterimage stopped cleanly");
        stages.clear();
    }
}
