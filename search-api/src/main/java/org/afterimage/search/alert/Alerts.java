package org.afterimage.search.alert;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Properties;
import org.afterimage.model.kafka.TopicAdmin;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.auth.Gatekeeper;
import org.afterimage.search.index.EventsIndexed;
import org.afterimage.search.service.FilterParser;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts, the front door. Two halves, run where they belong:
 * <ul>
 *   <li>{@link #start}: in every API replica: the subscriptions API, SSE and Atom (every replica reads the whole
 *       alerts topic), and webhook delivery (one consumer group: each subscription is delivered by one replica);</li>
 *   <li>{@link #startMatching}: where the indexer runs: told of each written batch of events, it matches them
 *       against every subscription and produces alerts.</li>
 * </ul>
 * Kafka holds everything (topics {@link Topics#subscriptions()}, {@link Topics#alerts()},
 * {@link Topics#alertDeliveries()}, created here if missing); Elasticsearch is only used for matching.
 */
public final class Alerts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private final SubscriptionStore store;
    private final AlertFeed feed;
    private final Deliverer deliverer;
    private final AlertRoutes routes;

    private Alerts(SubscriptionStore store, AlertFeed feed, Deliverer deliverer, AlertRoutes routes) {
        this.store = store;
        this.feed = feed;
        this.deliverer = deliverer;
        this.routes = routes;
    }

    /** Matching as the indexer uses it: an {@link EventsIndexed} to close with the indexer. */
    public interface Matching extends EventsIndexed, AutoCloseable {
        @Override
        void close();
    }

    /**
     * Starts the API side: creates the alert topics if missing, loads the subscriptions, starts the feed and (if
     * {@code alerts.delivery.enabled}) webhook delivery.
     */
    public static Alerts start(SearchConfig config, Topics topics, String bootstrap, MeterRegistry registry, InstantSource clock) {
        SearchConfig.Alerts a = config.alerts();
        ensureTopics(bootstrap, topics, a.partitions());
        FilterParser parser = new FilterParser(config.http().maxQueryLength(), config.http().maxPageSize());
        String client = "afterimage-api-" + ProcessHandle.current().pid();
        SubscriptionStore store = null;
        AlertFeed feed = null;
        Deliverer deliverer = null;
        try {
            store = new SubscriptionStore(topics, bootstrap, parser, client).start(Duration.ofSeconds(60));
            feed = new AlertFeed(topics, bootstrap, a.feed().recent(), client).start(Math.max(1000, a.feed().recent() * 10L));
            Ssrf ssrf = Ssrf.system(a.webhook().allowPrivateHosts());
            if (a.delivery().enabled()) {
                WebhookSender sender = new WebhookSender(ssrf, Duration.ofMillis(a.webhook().timeoutMillis()), clock);
                deliverer = new Deliverer(topics, bootstrap, a, store, sender, registry, clock).start();
            }
            AlertRoutes routes = new AlertRoutes(config, store, feed, Optional.ofNullable(deliverer), ssrf, parser, clock);
            log.info("alerts started (delivery {})", a.delivery().enabled() ? "on" : "off");
            return new Alerts(store, feed, deliverer, routes);
        } catch (RuntimeException e) {
            if (deliverer != null) deliverer.close();
            if (feed != null) feed.close();
            if (store != null) store.close();
            throw e;
        }
    }

    /**
     * Starts matching for an indexer writing events to {@code eventsIndex}: produces alerts with its own producer.
     * Reads the subscriptions like every replica does.
     */
    public static Matching startMatching(SearchConfig config, Topics topics, String bootstrap, ElasticsearchClient es,
                                         String eventsIndex, MeterRegistry registry, InstantSource clock) {
        SearchConfig.Alerts a = config.alerts();
        ensureTopics(bootstrap, topics, a.partitions());
        FilterParser parser = new FilterParser(config.http().maxQueryLength(), config.http().maxPageSize());
        String client = "afterimage-matcher-" + ProcessHandle.current().pid();
        SubscriptionStore store = new SubscriptionStore(topics, bootstrap, parser, client).start(Duration.ofSeconds(60));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, client + "-alerts");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
        Matcher m = new Matcher(es, eventsIndex, store, producer, topics, a.maxSearchesPerRequest(), registry, clock);
        log.info("alert matching started on {}", eventsIndex);
        return new Matching() {
            @Override
            public void indexed(java.util.List<Event> events) throws Exception {
                m.indexed(events);
            }

            @Override
            public void close() {
                producer.close(Duration.ofSeconds(5));
                store.close();
            }
        };
    }

    /**
     * Matching alone, for benchmarks and tools: for each query (search parameters, as in a subscription), the ids
     * among {@code ids} it matches in {@code eventsIndex}, using at most {@code perRequest} searches per multi-search.
     *
     * @throws org.afterimage.search.service.InvalidParameterException for an invalid query
     */
    public static java.util.List<java.util.List<String>> match(ElasticsearchClient es, String eventsIndex,
            java.util.List<java.util.Map<String, java.util.List<String>>> queries, java.util.List<String> ids, int perRequest)
            throws java.io.IOException {
        FilterParser parser = new FilterParser(1000, 100);
        var filters = queries.stream().map(q -> SubscriptionQuery.filter(parser, q, false)).toList();
        return Matcher.match(es, eventsIndex, filters, ids, perRequest);
    }

    /** The reference matching (one search per subscription), for benchmarks and tests comparing it with {@link #match}. */
    public static java.util.List<java.util.List<String>> matchOneSearchEach(ElasticsearchClient es, String eventsIndex,
            java.util.List<java.util.Map<String, java.util.List<String>>> queries, java.util.List<String> ids, int perRequest)
            throws java.io.IOException {
        FilterParser parser = new FilterParser(1000, 100);
        var filters = queries.stream().map(q -> SubscriptionQuery.filter(parser, q, false)).toList();
        return Matcher.matchOneSearchEach(es, eventsIndex, filters, ids, perRequest);
    }

    static void ensureTopics(String bootstrap, Topics topics, int partitions) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            TopicAdmin.ensure(admin, topics.alertSpecs(partitions), Duration.ofSeconds(60));
        }
    }

    /** Registers the {@code /api/v1/subscriptions} routes (API keys checked by {@code gate}). */
    public void register(JavalinConfig cfg, Gatekeeper gate) {
        routes.register(cfg, gate);
    }

    /** Webhook delivery state of {@code subscriptionId} as shown by {@code GET /subscriptions/{id}} (status). */
    public Optional<String> deliveryStatus(String subscriptionId) {
        return routes.state(subscriptionId).map(DeliveryState::status);
    }

    @Override
    public void close() {
        try {
            if (deliverer != null) deliverer.close();
        } finally {
            try {
                feed.close();
            } finally {
                store.close();
            }
        }
    }
}
