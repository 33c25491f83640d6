package org.afterimage.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.auth.Gatekeeper;
import org.afterimage.search.auth.KeyStore;
import org.afterimage.search.auth.RateLimiter;
import org.afterimage.search.auth.Role;
import org.afterimage.search.export.Exporter;
import org.afterimage.search.http.Routes;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.index.IndexLayout;
import org.afterimage.search.service.SearchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search API server ({@code afterimage api}; with the indexer inside for {@code afterimage run}): REST under
 * {@code /api/v1}, {@code /metrics}, plus any routes the caller adds (health checks).
 *
 * <pre>{@code
 * try (SearchApi api = SearchApi.builder()
 *         .config(SearchConfig.defaults()).topics(Topics.DEFAULT)
 *         .kafkaBootstrapServers("127.0.0.1:9092").elasticsearchUrl("http://127.0.0.1:9200")
 *         .dataDir(Path.of("data")).withIndexer(true)
 *         .routes(cfg -> cfg.routes.get("/health/live", ctx -> ctx.result("ok")))
 *         .start()) { ... }
 * }</pre>
 *
 * <p>WARC records are read from {@code <dataDir>/warc} (the crawler's layout): run the API where that directory is,
 * or on a volume shared with the crawler.
 *
 * <p>Keys: {@code AFTERIMAGE_ADMIN_KEY} (passed via {@link Builder#adminKey}) is added as an admin key; otherwise,
 * when the key file has no admin key yet, one is created and printed once to {@link Builder#out}.
 */
public final class SearchApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SearchApi.class);

    private final Javalin web;
    private final ElasticsearchClient es;
    private final Indexer indexer;
    private final PrometheusMeterRegistry registry;
    private final Optional<String> printedAdminKey;
    private final KeyStore keys;
    /** Subscriptions, webhook delivery, SSE/Atom (when Kafka is configured and alerts.enabled). */
    private org.afterimage.search.alert.Alerts alerts;
    /** Privacy duties started by this server when no indexer runs in it (else the indexer's are used). */
    private org.afterimage.search.privacy.PrivacyService ownPrivacy;

    private SearchApi(Javalin web, ElasticsearchClient es, Indexer indexer, PrometheusMeterRegistry registry,
                      Optional<String> printedAdminKey, KeyStore keys) {
        this.web = web;
        this.es = es;
        this.indexer = indexer;
        this.registry = registry;
        this.printedAdminKey = printedAdminKey;
        this.keys = keys;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port the HTTP server listens on (useful with port 0). */
    public int port() {
        return web.port();
    }

    /** The admin key created and printed at this start, if one was. */
    public Optional<String> initialAdminKey() {
        return printedAdminKey;
    }

    /** The indexer running inside this server, if asked for. */
    public Optional<Indexer> indexer() {
        return Optional.ofNullable(indexer);
    }

    /** The registry behind {@code /metrics}, for the caller's own meters. */
    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    /** Creates a key (what {@code POST /api/v1/keys} does); the secret is returned once. */
    public String createKey(String role, String name) {
        return keys.create(Role.of(role), name).secret();
    }

    @Override
    public void close() {
        try {
            web.stop();
        } finally {
            if (alerts != null) alerts.close();
            if (ownPrivacy != null) ownPrivacy.close();
            if (indexer != null) indexer.close();
            try {
                es.close();
            } catch (IOException e) {
                log.debug("closing ES client: {}", e.toString());
            }
        }
    }

    /** The path of the key file for {@code config} under {@code dataDir}. */
    public static Path keysFile(SearchConfig config, Path dataDir) {
        Path p = Path.of(config.auth().keysFile());
        return p.isAbsolute() ? p : dataDir.resolve(p);
    }

    public static final class Builder {
        private SearchConfig config = SearchConfig.defaults();
        private Topics topics = Topics.DEFAULT;
        private String bootstrap;
        private String esUrl;
        private Path dataDir = Path.of("data");
        private boolean withIndexer;
        private Optional<String> adminKey = Optional.ofNullable(System.getenv("AFTERIMAGE_ADMIN_KEY")).filter(s -> !s.isBlank());
        private Consumer<JavalinConfig> routes = cfg -> { };
        private InstantSource clock = InstantSource.system();
        private PrintStream out = System.out;
        private org.afterimage.search.privacy.PrivacyService.OptOut optOut = org.afterimage.search.privacy.PrivacyService.OptOut.NONE;

        public Builder config(SearchConfig c) {
            this.config = Objects.requireNonNull(c);
            return this;
        }

        public Builder topics(Topics t) {
            this.topics = Objects.requireNonNull(t);
            return this;
        }

        public Builder kafkaBootstrapServers(String s) {
            this.bootstrap = s;
            return this;
        }

        public Builder elasticsearchUrl(String s) {
            this.esUrl = s;
            return this;
        }

        public Builder dataDir(Path p) {
            this.dataDir = Objects.requireNonNull(p);
            return this;
        }

        /** Run the indexer in this process too (needs the Kafka bootstrap servers). */
        public Builder withIndexer(boolean b) {
            this.withIndexer = b;
            return this;
        }

        /** The admin key to install (default: {@code AFTERIMAGE_ADMIN_KEY} from the environment). */
        public Builder adminKey(Optional<String> k) {
            this.adminKey = Objects.requireNonNull(k);
            return this;
        }

        /** Extra routes/config (e.g. {@code /health/live}, {@code /health/ready}); these bypass API-key checks. */
        public Builder routes(Consumer<JavalinConfig> r) {
            this.routes = Objects.requireNonNull(r);
            return this;
        }

        public Builder clock(InstantSource c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** Where the first-start admin key is printed. */
        /**
         * The crawler's opt-out list ({@code crawler.optOut.hosts} / {@code .accounts}): at start, every listed host
         * and {@code platform:account} not redacted yet is redacted (reason {@code opt-out}), and the indexer drops
         * their records from then on.
         */
        public Builder optOut(java.util.Collection<String> hosts, java.util.Collection<String> accounts) {
            this.optOut = new org.afterimage.search.privacy.PrivacyService.OptOut(
                    hosts == null ? java.util.List.of() : java.util.List.copyOf(hosts),
                    accounts == null ? java.util.List.of() : java.util.List.copyOf(accounts));
            return this;
        }

        public Builder out(PrintStream o) {
            this.out = Objects.requireNonNull(o);
            return this;
        }

        public SearchApi start() {
            Objects.requireNonNull(esUrl, "elasticsearchUrl");
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            KeyStore keys = new KeyStore(keysFile(config, dataDir), clock);
            Optional<String> printed = Optional.empty();
            if (adminKey.isPresent()) {
                keys.ensure(adminKey.get(), Role.ADMIN, "AFTERIMAGE_ADMIN_KEY");
            } else if (!keys.hasActiveAdmin()) {
                String secret = keys.create(Role.ADMIN, "first-start").secret();
                printed = Optional.of(secret);
                out.println("Afterimage admin API key (shown once, store it now): " + secret);
            }
            ElasticsearchClient es = DocJson.client(esUrl);
            var e = config.elasticsearch();
            IndexLayout layout = new IndexLayout(e.indexPrefix(), e.shards(), e.replicas());
            Indexer indexer = null;
            Javalin web = null;
            org.afterimage.search.alert.Alerts alerts = null;
            org.afterimage.search.privacy.PrivacyService ownPrivacy = null;
            try {
                if (withIndexer) {
                    Objects.requireNonNull(bootstrap, "kafkaBootstrapServers");
                    indexer = Indexer.start(config, topics, bootstrap, esUrl, registry, Duration.ofSeconds(60), optOut, clock);
                } else {
                    try {
                        layout.ensure(es);
                    } catch (IOException | RuntimeException ex) {
                        // the API still starts: searches answer 503 until Elasticsearch and the indices are there
                        log.warn("Elasticsearch not ready at start ({}); serving 503 until it is", ex.toString());
                    }
                }
                Gatekeeper gate = new Gatekeeper(keys, new RateLimiter(clock), config.auth());
                // privacy (redactions, opt-out, WARC withholding) needs Kafka: the redactions topic is its record
                if (indexer == null && bootstrap != null) {
                    ownPrivacy = org.afterimage.search.privacy.PrivacyService.start(config, topics, bootstrap, es, layout, optOut, clock, false);
                }
                org.afterimage.search.privacy.PrivacyService privacy = indexer != null ? indexer.privacy() : ownPrivacy;
                if (bootstrap != null && config.alerts().enabled()) {
                    alerts = org.afterimage.search.alert.Alerts.start(config, topics, bootstrap, registry, clock);
                }
                org.afterimage.search.alert.Alerts alertRoutes = alerts;
                Routes r = new Routes(config, new SearchService(es, layout), new Exporter(es, layout, config.export(), clock),
                        gate, keys, registry,
                        new org.afterimage.search.service.WarcStore(dataDir.resolve("warc")));
                web = Javalin.create(cfg -> {
                    cfg.jetty.host = config.http().host();
                    cfg.jetty.port = config.http().port();
                    cfg.startup.showJavalinBanner = false;
                    r.register(cfg);
                    if (alertRoutes != null) alertRoutes.register(cfg, gate);   // /api/v1/subscriptions
                    if (privacy != null) privacy.register(cfg, gate, keys,   // /api/v1/redactions, WARC withholding
                            new org.afterimage.search.service.WarcStore(dataDir.resolve("warc")), config.http().maxBodyBytes());
                    new org.afterimage.search.http.WebUi().register(cfg);   // the browser UI at /, no key for static files
                    routes.accept(cfg);
                }).start();
                // slow clients (headers or bodies dripped byte by byte, readers that stop reading) hold a thread and
                // a socket each: cut them off after the idle timeout. SSE streams send keep-alives well within it.
                for (var connector : web.jettyServer().server().getConnectors()) {
                    if (connector instanceof org.eclipse.jetty.server.AbstractConnector c) {
                        c.setIdleTimeout(config.http().idleTimeoutSeconds() * 1000L);
                    }
                }
                log.info("search API listening on {}:{}", config.http().host(), web.port());
                SearchApi api = new SearchApi(web, es, indexer, registry, printed, keys);
                api.alerts = alerts;
                api.ownPrivacy = ownPrivacy;
                return api;
            } catch (RuntimeException ex) {
                if (web != null) web.stop();
                if (alerts != null) alerts.close();
                if (ownPrivacy != null) ownPrivacy.close();
                if (indexer != null) indexer.close();
                throw ex;
            }
        }
    }
}
