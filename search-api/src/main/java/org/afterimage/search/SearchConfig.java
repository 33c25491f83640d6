package org.afterimage.search;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.afterimage.model.json.Overlay;

/**
 * The search API's configuration, bound from {@code search-api-defaults.yaml} (every key documented there) and
 * an optional override file. Every value is validated when bound; an error names the key and the value.
 */
public record SearchConfig(Http http, Elasticsearch elasticsearch, IndexerSettings indexer, Auth auth,
                           Privacy privacy, Export export, Metrics metrics, Alerts alerts) {

    /** {@code idleTimeoutSeconds}: a connection that sends or reads nothing this long is closed (slow clients). */
    public record Http(String host, int port, int maxQueryLength, int maxPageSize, int maxBodyBytes, int idleTimeoutSeconds) {
        public Http {
            require(idleTimeoutSeconds >= 1 && idleTimeoutSeconds <= 3600, "http.idleTimeoutSeconds", idleTimeoutSeconds);
            require(host != null && !host.isBlank(), "http.host", host);
            require(port >= 0 && port <= 65535, "http.port", port);
            require(maxQueryLength >= 1 && maxQueryLength <= 100_000, "http.maxQueryLength", maxQueryLength);
            require(maxPageSize >= 1 && maxPageSize <= 10_000, "http.maxPageSize", maxPageSize);
            require(maxBodyBytes >= 1024, "http.maxBodyBytes", maxBodyBytes);
        }
    }

    public record Elasticsearch(String indexPrefix, int shards, int replicas) {
        private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,100}");

        public Elasticsearch {
            require(indexPrefix != null && PREFIX.matcher(indexPrefix).matches(), "elasticsearch.indexPrefix", indexPrefix);
            require(shards >= 1 && shards <= 64, "elasticsearch.shards", shards);
            require(replicas >= 0 && replicas <= 8, "elasticsearch.replicas", replicas);
        }
    }

    public record IndexerSettings(String groupId, int maxPollRecords, int retryInitialMillis, int retryMaxMillis,
                                  int retryAttempts) {
        public IndexerSettings {
            require(groupId != null && !groupId.isBlank(), "indexer.groupId", groupId);
            require(maxPollRecords >= 1 && maxPollRecords <= 50_000, "indexer.maxPollRecords", maxPollRecords);
            require(retryInitialMillis >= 1, "indexer.retryInitialMillis", retryInitialMillis);
            require(retryMaxMillis >= retryInitialMillis, "indexer.retryMaxMillis", retryMaxMillis);
            require(retryAttempts >= 1, "indexer.retryAttempts", retryAttempts);
        }
    }

    public record Limit(int perMinute, int burst) {
        public Limit {
            require(perMinute >= 1, "perMinute", perMinute);
            require(burst >= 1, "burst", burst);
        }
    }

    public record RateLimits(Limit anonymous, Limit reader, Limit subscriber, Limit exporter, Limit admin) {
        public RateLimits {
            Objects.requireNonNull(anonymous, "auth.rateLimits.anonymous");
            Objects.requireNonNull(reader, "auth.rateLimits.reader");
            Objects.requireNonNull(subscriber, "auth.rateLimits.subscriber");
            Objects.requireNonNull(exporter, "auth.rateLimits.exporter");
            Objects.requireNonNull(admin, "auth.rateLimits.admin");
        }
    }

    public record Auth(boolean anonymousRead, String keysFile, RateLimits rateLimits) {
        public Auth {
            require(keysFile != null && !keysFile.isBlank(), "auth.keysFile", keysFile);
            Objects.requireNonNull(rateLimits, "auth.rateLimits");
        }
    }

    /**
     * Privacy duties (package {@code privacy}). {@code selfDeletedRetention}: ISO-8601 duration ({@code P30D}) after
     * which self-deleted posts are purged; {@code 0} or null keeps them. {@code retentionCheckSeconds}: how often the
     * indexer looks for posts past that horizon.
     */
    public record Privacy(boolean showDeletedByAuthor, String selfDeletedRetention, Integer retentionCheckSeconds) {
        public Privacy {
            retentionCheckSeconds = retentionCheckSeconds == null ? 3600 : retentionCheckSeconds;
            require(retentionCheckSeconds >= 1 && retentionCheckSeconds <= 86_400, "privacy.retentionCheckSeconds", retentionCheckSeconds);
            if (selfDeletedRetention != null) {
                try {
                    retention(selfDeletedRetention);
                } catch (RuntimeException e) {
                    require(false, "privacy.selfDeletedRetention", selfDeletedRetention + " (an ISO-8601 duration such as P30D, or 0)");
                }
            }
        }

        /** The retention horizon, empty when self-deleted posts are kept. */
        public java.util.Optional<java.time.Duration> selfDeletedRetentionDuration() {
            return selfDeletedRetention == null ? java.util.Optional.empty() : retention(selfDeletedRetention);
        }

        private static java.util.Optional<java.time.Duration> retention(String s) {
            String t = s.strip();
            if (t.isEmpty() || t.equals("0")) return java.util.Optional.empty();
            java.time.Duration d = java.time.Duration.parse(t);
            if (d.isNegative()) throw new IllegalArgumentException("negative");
            return d.isZero() ? java.util.Optional.empty() : java.util.Optional.of(d);
        }
    }

    public record Export(int pageSize, int keepAliveSeconds) {
        public Export {
            require(pageSize >= 10 && pageSize <= 10_000, "export.pageSize", pageSize);
            require(keepAliveSeconds >= 5 && keepAliveSeconds <= 3600, "export.keepAliveSeconds", keepAliveSeconds);
        }
    }

    public record Metrics(@com.fasterxml.jackson.annotation.JsonProperty("public") boolean isPublic) {
    }

    /** Subscriptions, matching, webhook delivery, SSE and Atom (see the {@code alerts} block of the defaults file). */
    public record Alerts(boolean enabled, int partitions, int maxSubscriptionsPerKey, int maxSearchesPerRequest,
                         Webhook webhook, Delivery delivery, Feed feed) {
        public Alerts {
            require(partitions >= 1 && partitions <= 1000, "alerts.partitions", partitions);
            require(maxSubscriptionsPerKey >= 1, "alerts.maxSubscriptionsPerKey", maxSubscriptionsPerKey);
            require(maxSearchesPerRequest >= 1 && maxSearchesPerRequest <= 10_000, "alerts.maxSearchesPerRequest", maxSearchesPerRequest);
            Objects.requireNonNull(webhook, "alerts.webhook");
            Objects.requireNonNull(delivery, "alerts.delivery");
            Objects.requireNonNull(feed, "alerts.feed");
        }
    }

    public record Webhook(java.util.List<String> allowPrivateHosts, int timeoutMillis, int retryInitialMillis,
                          int retryMaxMillis, int pauseAfterFailures) {
        public Webhook {
            allowPrivateHosts = allowPrivateHosts == null ? java.util.List.of() : java.util.List.copyOf(allowPrivateHosts);
            for (String h : allowPrivateHosts) require(h != null && !h.isBlank() && h.length() <= 255, "alerts.webhook.allowPrivateHosts", h);
            require(timeoutMillis >= 100 && timeoutMillis <= 120_000, "alerts.webhook.timeoutMillis", timeoutMillis);
            require(retryInitialMillis >= 1, "alerts.webhook.retryInitialMillis", retryInitialMillis);
            require(retryMaxMillis >= retryInitialMillis, "alerts.webhook.retryMaxMillis", retryMaxMillis);
            require(pauseAfterFailures >= 1, "alerts.webhook.pauseAfterFailures", pauseAfterFailures);
        }
    }

    public record Delivery(boolean enabled, String groupId, int maxBacklog) {
        public Delivery {
            require(groupId != null && !groupId.isBlank(), "alerts.delivery.groupId", groupId);
            require(maxBacklog >= 1, "alerts.delivery.maxBacklog", maxBacklog);
        }
    }

    public record Feed(int recent, int heartbeatSeconds) {
        public Feed {
            require(recent >= 1 && recent <= 10_000, "alerts.feed.recent", recent);
            require(heartbeatSeconds >= 1 && heartbeatSeconds <= 300, "alerts.feed.heartbeatSeconds", heartbeatSeconds);
        }
    }

    public SearchConfig {
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(elasticsearch, "elasticsearch");
        Objects.requireNonNull(indexer, "indexer");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(privacy, "privacy");
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(metrics, "metrics");
    }

    private static final String DEFAULTS = "/search-api-defaults.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** The defaults file as it ships. */
    public static SearchConfig defaults() {
        return bind(defaultsTree());
    }

    /** Defaults overlaid with the YAML file {@code override} (keys absent there keep their defaults). */
    public static SearchConfig load(Path override) {
        try {
            JsonNode user = YAML.readTree(Files.readAllBytes(override));
            return bind(Overlay.merge(defaultsTree(), user));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config " + override + ": " + e.getMessage(), e);
        }
    }

    /** Defaults overlaid with YAML text (for tests and for {@code --set}-style overrides). */
    public static SearchConfig fromYaml(String yaml) {
        // the YAML scanner takes seconds on multi-MiB input before its own limit refuses it: refuse at once
        if (yaml != null && yaml.length() > (1 << 20)) {
            throw new IllegalArgumentException("search config: " + yaml.length() + " characters of YAML is over the " + (1 << 20) + " limit");
        }
        try {
            return bind(Overlay.merge(defaultsTree(), YAML.readTree(yaml)));
        } catch (IOException e) {
            throw new IllegalArgumentException("bad config YAML: " + e.getMessage(), e);
        }
    }

    public SearchConfig withHost(String host) {
        return new SearchConfig(new Http(host, http.port, http.maxQueryLength, http.maxPageSize, http.maxBodyBytes, http.idleTimeoutSeconds),
                elasticsearch, indexer, auth, privacy, export, metrics, alerts);
    }

    public SearchConfig withPort(int port) {
        return new SearchConfig(new Http(http.host, port, http.maxQueryLength, http.maxPageSize, http.maxBodyBytes, http.idleTimeoutSeconds),
                elasticsearch, indexer, auth, privacy, export, metrics, alerts);
    }

    public SearchConfig withIndexPrefix(String prefix) {
        return new SearchConfig(http, new Elasticsearch(prefix, elasticsearch.shards, elasticsearch.replicas),
                indexer, auth, privacy, export, metrics, alerts);
    }

    public SearchConfig withGroupId(String groupId) {
        return new SearchConfig(http, elasticsearch, new IndexerSettings(groupId, indexer.maxPollRecords,
                indexer.retryInitialMillis, indexer.retryMaxMillis, indexer.retryAttempts), auth, privacy, export, metrics, alerts);
    }

    private static JsonNode defaultsTree() {
        try (InputStream in = SearchConfig.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) throw new IllegalStateException(DEFAULTS + " missing from the class path");
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SearchConfig bind(JsonNode tree) {
        try {
            return YAML.treeToValue(tree, SearchConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("unknown config key '" + path(e) + "'", e);
        } catch (IOException e) {
            Throwable c = e.getCause();
            if (c instanceof IllegalArgumentException iae) throw iae;
            if (c instanceof NullPointerException npe) {
                // an empty YAML list item or map value reaches List/Map.copyOf as null: the NPE names nothing, the path does (found by fuzzing)
                String at = e instanceof com.fasterxml.jackson.databind.JsonMappingException jm ? path(jm) : "?";
                throw new IllegalArgumentException("missing config key " + (npe.getMessage() == null ? "(an empty entry)" : npe.getMessage()) + " at '" + at + "'", e);
            }
            String where = e instanceof com.fasterxml.jackson.databind.JsonMappingException jm ? path(jm) : "?";
            throw new IllegalArgumentException("bad config value at '" + where + "': " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var r : e.getPath()) {
            if (r.getFieldName() != null) sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            else sb.append('[').append(r.getIndex()).append(']');
        }
        return sb.toString();
    }

    private static void require(boolean ok, String key, Object value) {
        if (!ok) throw new IllegalArgumentException("invalid config value " + key + "=" + value);
    }
}
