package org.afterimage.app.run;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.afterimage.app.config.AfterimageYaml;
import org.afterimage.app.status.Status;
import org.afterimage.app.status.StatusProbe;
import org.afterimage.app.status.StatusReporter;
import org.afterimage.crawler.Crawler;
import org.afterimage.crawler.CrawlerConfig;
import org.afterimage.detector.Detector;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.engines.EmbeddedEngines;
import org.afterimage.model.kafka.TopicAdmin;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.Indexer;
import org.afterimage.search.SearchApi;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.index.IndexLayout;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the components of Afterimage in order and stops them in reverse: the engines (embedded under
 * {@code data/engines}, or external), the topics, then the components asked for. {@code afterimage run} asks for
 * all of them in one JVM; {@code afterimage crawler|detector|indexer|api} for one each, against external engines.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    /** What one process runs. */
    public enum Component { CRAWLER, DETECTOR, INDEXER, API }

    /**
     * How to run.
     *
     * @param kafka         external bootstrap servers, or empty to embed
     * @param elasticsearch external URL, or empty to embed
     * @param adminKey      {@code AFTERIMAGE_ADMIN_KEY}, when set
     * @param instanceId    {@code AFTERIMAGE_INSTANCE_ID}, when set: a stable name for this process (the pod name)
     */
    public record Settings(Path dataDir, String host, int port, int partitions, Optional<String> kafka,
                           Optional<String> elasticsearch, Topics topics, AfterimageYaml config,
                           Set<Component> components, Optional<String> adminKey, Optional<String> instanceId) {
        public Settings {
            Objects.requireNonNull(dataDir, "dataDir");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("--port " + port + " is not a port (0-65535)");
            if (partitions < 1) throw new IllegalArgumentException("--partitions " + partitions + " must be at least 1");
            components = components.isEmpty() ? EnumSet.noneOf(Component.class) : EnumSet.copyOf(components);
        }

        /** Settings from the command line, with engine addresses and secrets from {@code env}. */
        public static Settings fromEnvironment(Path dataDir, String host, int port, int partitions, AfterimageYaml config,
                                               Set<Component> components, Map<String, String> env) {
            return new Settings(dataDir.toAbsolutePath().normalize(), host, port, partitions,
                    nonBlank(env.get("KAFKA_BOOTSTRAP_SERVERS")), nonBlank(env.get("ELASTICSEARCH_URL")),
                    Topics.in(nonBlank(env.get("AFTERIMAGE_TOPIC_NAMESPACE")).orElse("afterimage")), config, components,
                    nonBlank(env.get("AFTERIMAGE_ADMIN_KEY")), nonBlank(env.get("AFTERIMAGE_INSTANCE_ID")));
        }

        private static Optional<String> nonBlank(String s) {
            return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
        }
    }

    private final List<AutoCloseable> stages = new ArrayList<>();
    private final Settings settings;
    private final PrintStream out;
    private String kafka;
    private String elasticsearch;
    private int httpPort = -1;
    private StatusReporter status;
    private Crawler crawler;

    private Pipeline(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Starts everything asked for and returns once the engines answer and the HTTP server listens. */
    public static Pipeline start(Settings settings, PrintStream out) throws IOException {
        Pipeline p = new Pipeline(settings, out);
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
        Set<Component> want = settings.components();
        // bind every config first: a bad key fails before anything starts
        SearchConfig searchConfig = settings.config().bind("searchApi", SearchConfig::fromYaml)
                .withHost(settings.host()).withPort(settings.port());
        DetectorConfig detectorConfig = settings.config().bind("detector", DetectorConfig::fromYaml);
        CrawlerConfig crawlerConfig = settings.config().bind("crawler", CrawlerConfig::fromYaml);
        if (settings.instanceId().isPresent()) {
            // a stable name per pod: WARC file names, and the detector's static group membership
            String id = settings.instanceId().get();
            crawlerConfig = crawlerConfig.withInstance(id);
            detectorConfig = detectorConfig.withApplicationId(detectorConfig.applicationId(), id);
        }

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
        Readiness readiness = new Readiness(admin, elasticsearch);
        // GET /status is registered with the routes now; the reporter behind it starts once everything runs
        AtomicReference<StatusReporter> statusRef = new AtomicReference<>();
        Supplier<Optional<Status>> statusNow = () -> Optional.ofNullable(statusRef.get()).map(StatusReporter::latest);

        // the detector joins its group and restores state in the background while the API starts
        Detector detector = null;
        if (want.contains(Component.DETECTOR)) {
            detector = Detector.start(detectorConfig, settings.topics(), kafka, settings.dataDir().resolve("detector"));
            stages.add(detector);
        }

        if (want.contains(Component.API)) {
            SearchApi api = SearchApi.builder()
                    .config(searchConfig).topics(settings.topics())
                    .kafkaBootstrapServers(kafka).elasticsearchUrl(elasticsearch)
                    .dataDir(settings.dataDir()).withIndexer(want.contains(Component.INDEXER))
                    .adminKey(settings.adminKey()).out(out)
                    .optOut(crawlerConfig.optOut().hosts(), crawlerConfig.optOut().accounts())   // privacy: opted-out records are redacted
                    .routes(cfg -> HealthServer.addRoutes(cfg, readiness, kafka, elasticsearch, statusNow))
                    .start();
            stages.add(api);
            httpPort = api.port();
        } else {
            if (want.contains(Component.INDEXER)) {
                stages.add(Indexer.start(searchConfig, settings.topics(), kafka, elasticsearch,
                        new org.afterimage.search.privacy.PrivacyService.OptOut(crawlerConfig.optOut().hosts(), crawlerConfig.optOut().accounts())));
            }
            HealthServer health = HealthServer.start(settings.host(), settings.port(), readiness, kafka, elasticsearch, statusNow);
            stages.add(health);
            httpPort = health.port();
        }
        if (detector != null) {
            Detector d = detector;
            readiness.require("detector", () -> d.awaitRunning(Duration.ZERO) ? "running" : null);
            // a restarted detector may wait for a rebalance and restore its state for minutes on a busy machine: it
            // is not ready (GET /health/ready says why) but it must not exit, or it never catches up
            if (!detector.awaitRunning(Duration.ofSeconds(120))) {
                log.warn("detector still {} after 120 s (joining its group / restoring state); starting the rest, ready once it runs",
                        detector.state());
            }
        }
        if (want.contains(Component.CRAWLER)) {
            crawler = Crawler.start(crawlerConfig, settings.topics(), kafka, settings.dataDir());
            stages.add(crawler);
        }

        var es = DocJson.client(elasticsearch);
        stages.add(es::close);
        var e = searchConfig.elasticsearch();
        StatusProbe probe = new StatusProbe(admin, es, settings.topics(), new IndexLayout(e.indexPrefix(), e.shards(), e.replicas()),
                crawlerConfig.kafka().groupId(), searchConfig.indexer().groupId(),
                want.contains(Component.CRAWLER) ? crawlerConfig.watch().size() : 0, this::httpUrl, InstantSource.system());
        status = StatusReporter.start(probe, Duration.ofSeconds(5));
        stages.add(status);
        statusRef.set(status);

        readiness.started();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long jvmMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        log.info("Afterimage ready in {} ms ({} ms since JVM start): {} with Kafka {} and Elasticsearch {} ({}), config {}, data {}, HTTP {}",
                ms, jvmMs, want, kafka, elasticsearch, mode, settings.config().source(), settings.dataDir(), httpUrl());
    }

    /** Captures this process's crawler handed to Kafka since start (ground truth for fault tests); empty without a crawler. */
    public OptionalLong capturesPublished() {
        return crawler == null ? OptionalLong.empty() : OptionalLong.of(crawler.publishedCount());
    }

    public String kafkaBootstrapServers() {
        return kafka;
    }

    public String elasticsearchUrl() {
        return elasticsearch;
    }

    public String httpUrl() {
        return httpPort < 0 ? "(not started)" : "http://" + settings.host() + ":" + httpPort;
    }

    /** Prints the status line every few seconds from now on (what a person watching {@code afterimage run} reads). */
    public void printStatus() {
        if (status != null) status.printTo(out);
    }

    /** A one-line account of this run (for the summary on Ctrl-C), read before the components stop. */
    public Optional<String> summary() {
        return Optional.ofNullable(status).map(StatusReporter::summary);
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
