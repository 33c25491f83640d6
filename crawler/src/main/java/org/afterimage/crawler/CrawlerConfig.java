package org.afterimage.crawler;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.afterimage.crawler.fetch.FetchLimits;
import org.afterimage.crawler.politeness.OptOutList;
import org.afterimage.crawler.politeness.PolitenessSettings;
import org.afterimage.model.Platform;

/**
 * The crawler's configuration, bound from {@code crawler-defaults.yaml} (documented there) or a file of the same
 * shape. Unknown keys and bad values are refused with a message that names the key and the value.
 */
public record CrawlerConfig(String instance, String vantage, String userAgent, Fetch fetch, Politeness politeness,
                            Warc warc, Kafka kafka, OptOut optOut, List<Watch> watch) {

    /** {@code rewrite}: URL prefix → prefix it is fetched from instead (a local replay or mirror); empty by default. */
    public record Fetch(Duration connectTimeout, Duration totalTimeout, long maxBodyBytes, int maxRedirects,
                        Map<String, String> rewrite) {
        public Fetch {
            // a YAML entry with no value is null here; Map.copyOf would throw a bare NullPointerException
            if (rewrite != null && rewrite.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) throw bad("fetch.rewrite", rewrite, "prefix: prefix, neither empty");
            rewrite = rewrite == null ? Map.of() : Map.copyOf(rewrite);
        }
    }

    public record Politeness(Duration defaultInterval, Map<String, Duration> hostIntervals, Duration maxCrawlDelay,
                             Duration robotsTtl, Duration robotsErrorTtl, int retryAttempts, Duration retryInitial,
                             Duration maxRetryAfter, int breakerWindow, float breakerFailureRate, Duration breakerOpenFor,
                             Duration maxQueueWait, String robotName) {
    }

    public record Warc(long rotateBytes, long minFreeBytes) {
    }

    public record Kafka(String groupId, int concurrency) {
    }

    public record OptOut(List<String> hosts, List<String> accounts) {
    }

    /** A source listed every {@code every}; {@code profile} is the site profile for {@code html}. */
    public record Watch(Platform platform, String source, Duration every, @JsonProperty("profile") String profile) {
    }

    /** Largest config text accepted by {@link #fromYaml}. */
    static final int MAX_YAML_CHARS = 1 << 20;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public CrawlerConfig {
        require(instance, "instance");
        if (!instance.matches("[A-Za-z0-9_-]{1,64}")) throw bad("instance", instance, "letters, digits, _ or -, at most 64");
        vantage = Objects.requireNonNullElse(vantage, "default");
        require(userAgent, "userAgent");
        if (!userAgent.contains("http")) throw bad("userAgent", userAgent, "must contain a contact URL");
        Objects.requireNonNull(fetch, "config key 'fetch' is required");
        positive(fetch.connectTimeout(), "fetch.connectTimeout");
        positive(fetch.totalTimeout(), "fetch.totalTimeout");
        if (fetch.maxBodyBytes() < 1024) throw bad("fetch.maxBodyBytes", fetch.maxBodyBytes(), "at least 1024");
        if (fetch.maxRedirects() < 0 || fetch.maxRedirects() > 20) throw bad("fetch.maxRedirects", fetch.maxRedirects(), "0..20");
        fetch.rewrite().forEach((from, to) -> {
            if (!from.matches("https?://[^/?#]+/.*") || !from.endsWith("/")) throw bad("fetch.rewrite key", from, "an http(s) URL prefix ending in /");
            if (to == null || !to.matches("https?://[^/?#]+/.*") || !to.endsWith("/")) throw bad("fetch.rewrite." + from, to, "an http(s) URL prefix ending in /");
        });
        Objects.requireNonNull(politeness, "config key 'politeness' is required");
        if (politeness.defaultInterval() == null || politeness.defaultInterval().isNegative()) throw bad("politeness.defaultInterval", politeness.defaultInterval(), "a duration >= 0");
        if (politeness.retryAttempts() < 1 || politeness.retryAttempts() > 10) throw bad("politeness.retryAttempts", politeness.retryAttempts(), "1..10");
        Objects.requireNonNull(warc, "config key 'warc' is required");
        if (warc.rotateBytes() < 1024) throw bad("warc.rotateBytes", warc.rotateBytes(), "at least 1024");
        if (warc.minFreeBytes() < 0) throw bad("warc.minFreeBytes", warc.minFreeBytes(), "0 or more bytes");
        kafka = kafka == null ? new Kafka("afterimage-crawler", 64) : kafka;
        if (kafka.concurrency() < 1 || kafka.concurrency() > 10_000) throw bad("kafka.concurrency", kafka.concurrency(), "1..10000");
        require(kafka.groupId(), "kafka.groupId");
        optOut = optOut == null ? new OptOut(List.of(), List.of()) : optOut;
        noNulls(optOut.hosts(), "optOut.hosts");
        noNulls(optOut.accounts(), "optOut.accounts");
        if (politeness.hostIntervals() != null) noNulls(politeness.hostIntervals().values(), "politeness.hostIntervals");
        if (watch != null) noNulls(watch, "watch");
        watch = watch == null ? List.of() : List.copyOf(watch);
        for (int i = 0; i < watch.size(); i++) {
            Watch w = watch.get(i);
            if (w.platform() == null) throw bad("watch[" + i + "].platform", null, "one of telegram|mastodon|reddit|twitter|wechat|weibo|html|rss");
            require(w.source(), "watch[" + i + "].source");
            positive(w.every(), "watch[" + i + "].every");
            if (w.platform() == Platform.HTML && (w.profile() == null || w.profile().isBlank())) throw bad("watch[" + i + "].profile", null, "required for html");
        }
        try {
            optOutList(optOut);
            politenessSettings(politeness);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("config: " + e.getMessage(), e);
        }
    }

    /** A YAML list item or map value left empty binds as null: name the key instead of failing later on a bare NullPointerException. */
    private static void noNulls(java.util.Collection<?> c, String key) {
        if (c != null && c.stream().anyMatch(Objects::isNull)) throw bad(key, c, "entries must not be empty (null)");
    }

    private static void require(String v, String key) {
        if (v == null || v.isBlank()) throw bad(key, v, "required");
    }

    private static void positive(Duration d, String key) {
        if (d == null || d.isZero() || d.isNegative()) throw bad(key, d, "a positive duration like PT10S");
    }

    private static IllegalArgumentException bad(String key, Object value, String expected) {
        return new IllegalArgumentException("config key '" + key + "' = '" + value + "': " + expected);
    }

    public FetchLimits fetchLimits() {
        return new FetchLimits(fetch.connectTimeout(), fetch.totalTimeout(), fetch.maxBodyBytes(), fetch.maxRedirects(), userAgent);
    }

    public PolitenessSettings politenessSettings() {
        return politenessSettings(politeness);
    }

    private static PolitenessSettings politenessSettings(Politeness p) {
        return new PolitenessSettings(p.defaultInterval(), p.hostIntervals() == null ? Map.of() : p.hostIntervals(), p.maxCrawlDelay(),
                p.robotsTtl(), p.robotsErrorTtl(), p.retryAttempts(), p.retryInitial(), p.maxRetryAfter(), p.breakerWindow(),
                p.breakerFailureRate(), p.breakerOpenFor(), p.maxQueueWait(), p.robotName());
    }

    public OptOutList optOutList() {
        return optOutList(optOut);
    }

    private static OptOutList optOutList(OptOut optOut) {
        return new OptOutList(optOut.hosts() == null ? java.util.Set.of() : optOut.hosts().stream().collect(Collectors.toSet()),
                optOut.accounts() == null ? java.util.Set.of() : optOut.accounts().stream().collect(Collectors.toSet()));
    }

    /** The built-in defaults ({@code crawler-defaults.yaml} on the class path). */
    public static CrawlerConfig defaults() {
        try (InputStream in = CrawlerConfig.class.getResourceAsStream("/crawler-defaults.yaml")) {
            if (in == null) throw new IllegalStateException("crawler-defaults.yaml missing from the class path");
            return bind(in.readAllBytes(), "crawler-defaults.yaml");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read crawler-defaults.yaml", e);
        }
    }

    /**
     * The defaults with {@code yaml} laid over them: the same shape, any subset of keys (the {@code crawler}
     * section of {@code afterimage.yaml}).
     *
     * @throws IllegalArgumentException naming the bad key and value
     */
    public static CrawlerConfig fromYaml(String yaml) {
        // a config is a few KiB; YAML scanning of a multi-MiB document takes tens of seconds before the loader's own
        // 3 Mi code point limit refuses it (found by fuzzing): refuse it at once
        if (yaml != null && yaml.length() > MAX_YAML_CHARS) {
            throw new IllegalArgumentException("crawler config: " + yaml.length() + " characters of YAML is over the " + MAX_YAML_CHARS + " limit");
        }
        try (InputStream in = CrawlerConfig.class.getResourceAsStream("/crawler-defaults.yaml")) {
            if (in == null) throw new IllegalStateException("crawler-defaults.yaml missing from the class path");
            var merged = org.afterimage.model.json.Overlay.merge(YAML.readTree(in), YAML.readTree(yaml));
            return bind(YAML.writeValueAsBytes(merged), "crawler config");
        } catch (IOException e) {
            throw new IllegalArgumentException("crawler config: not valid YAML: " + e.getMessage(), e);
        }
    }

    static CrawlerConfig bind(byte[] yaml, String name) {
        try {
            return YAML.readValue(yaml, CrawlerConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(name + ": unknown config key '" + path(e) + "'", e);
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            throw new IllegalArgumentException(name + ": config key '" + path(e) + "' is missing or has the wrong type: " + e.getOriginalMessage(), e);
        } catch (JsonMappingException e) {
            Throwable c = e.getCause();
            if (c instanceof IllegalArgumentException iae) throw new IllegalArgumentException(name + ": " + iae.getMessage(), e);
            throw new IllegalArgumentException(name + ": bad value at '" + path(e) + "': " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            else sb.append('[').append(r.getIndex()).append(']');
        }
        return sb.toString();
    }

    public CrawlerConfig withPoliteness(Politeness p) {
        return new CrawlerConfig(instance, vantage, userAgent, fetch, p, warc, kafka, optOut, watch);
    }

    public CrawlerConfig withWatch(List<Watch> w) {
        return new CrawlerConfig(instance, vantage, userAgent, fetch, politeness, warc, kafka, optOut, w);
    }

    public CrawlerConfig withOptOut(OptOut o) {
        return new CrawlerConfig(instance, vantage, userAgent, fetch, politeness, warc, kafka, o, watch);
    }

    public CrawlerConfig withInstance(String i) {
        return new CrawlerConfig(i, vantage, userAgent, fetch, politeness, warc, kafka, optOut, watch);
    }
}
