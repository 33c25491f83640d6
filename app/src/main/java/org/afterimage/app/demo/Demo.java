package org.afterimage.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.afterimage.app.config.AfterimageYaml;
import org.afterimage.app.run.Pipeline;
import org.afterimage.demo.GroundTruth;
import org.afterimage.demo.ReplayPlatform;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.kafka.AfterimageSerdes;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.SearchConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code afterimage demo}: starts the {@link ReplayPlatform} on loopback, then the whole pipeline (crawler, detector,
 * indexer, API) configured to watch it with its schedule scaled to the replay's accelerated clock, subscribes to
 * censored removals with a webhook to a local receiver that prints each alert, and tallies the events the detector
 * publishes. The generated configuration is written to {@code <data>/demo.yaml} for the curious.
 */
public final class Demo implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Demo.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Marks a directory the demo made, so a restart may wipe it (and never anything else). */
    static final String MARKER = ".afterimage-demo";
    /** Partitions of the demo's topics: detector tasks, each with its own request budget. */
    static final int PARTITIONS = 3;
    /** The crawler's politeness towards the replay's one loopback host. */
    static final Duration HOST_INTERVAL = Duration.ofMillis(20);

    /**
     * @param namespace prefix of topics, consumer groups and indices (unique per run in tests)
     * @param kafka     external bootstrap servers, else embedded under {@code data/engines}
     */
    public record Settings(Path data, String host, int port, double speed, int replayPort, Optional<String> kafka,
                           Optional<String> elasticsearch, String namespace) {
    }

    private final Settings settings;
    private final ReplayPlatform replay;
    private final WebhookReceiver receiver;
    private final Pipeline pipeline;
    private final String apiKey;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<PostKey, List<PostEvent>> events = new ConcurrentHashMap<>();
    private final Thread tally;
    private volatile boolean closed;
    private String subscription = "(none)";

    private Demo(Settings settings, PrintStream out) throws IOException {
        this.settings = settings;
        prepare(settings.data());
        this.apiKey = "aik_demo_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        ReplayPlatform r = null;
        WebhookReceiver w = null;
        Pipeline p = null;
        try {
            r = ReplayPlatform.start(ReplayPlatform.Options.defaults(settings.replayPort()).withSpeed(settings.speed())
                    .withTimeoutDelay(Duration.ofSeconds(8)));
            w = new WebhookReceiver(secret, out);
            Path yaml = settings.data().resolve("demo.yaml");
            Files.writeString(yaml, config(r, settings));
            Topics topics = Topics.in(settings.namespace());
            p = Pipeline.start(new Pipeline.Settings(settings.data(), settings.host(), settings.port(), PARTITIONS, settings.kafka(),
                    settings.elasticsearch(), topics, AfterimageYaml.load(Optional.of(yaml)), EnumSet.allOf(Pipeline.Component.class),
                    Optional.of(apiKey), Optional.empty()), out);
        } catch (IOException | RuntimeException e) {
            if (p != null) p.close();
            if (w != null) w.close();
            if (r != null) r.close();
            throw e;
        }
        this.replay = r;
        this.receiver = w;
        this.pipeline = p;
        this.tally = Thread.ofPlatform().daemon().name("demo-event-tally").start(() -> tally(Topics.in(settings.namespace())));
        subscribe(secret, out);
        // the script starts only once the crawler has been round its watch list: with a cold JVM or a slow machine the
        // first fetches lag, and a running clock would remove posts before anyone could have seen them
        awaitFirstPass(Duration.ofSeconds(60));
        replay.play();
    }

    private void awaitFirstPass(Duration atMost) {
        int sources = replay.watchList().size();
        long deadline = System.nanoTime() + atMost.toNanos();
        while (replay.requests() < sources && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.info("replay: {} requests served for {} watched sources; starting the script", replay.requests(), sources);
    }

    /** Starts everything; returns once the API answers. */
    public static Demo start(Settings settings, PrintStream out) throws IOException {
        return new Demo(settings, out);
    }

    /** The demo's data directory is its own: reuse it only when the demo made it, and start it afresh each run. */
    private static void prepare(Path data) throws IOException {
        if (Files.isDirectory(data)) {
            boolean empty;
            try (Stream<Path> s = Files.list(data)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(data.resolve(MARKER))) {
                throw new IllegalArgumentException("--data " + data + " is not empty and was not made by the demo; give an empty or new directory");
            }
            if (!empty) {
                // the replay restarts its script from the beginning: yesterday's removals would read as restorations
                try (Stream<Path> s = Files.walk(data)) {
                    for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                        if (!x.equals(data)) Files.delete(x);
                    }
                }
            }
        }
        Files.createDirectories(data);
        Files.writeString(data.resolve(MARKER), "made by afterimage demo; wiped at each demo start\n");
    }

    /** The pipeline's configuration: watch the replay, polite to it, on its accelerated clock. */
    static String config(ReplayPlatform r, Settings s) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode root = yaml.createObjectNode();
        String ns = s.namespace();
        ObjectNode crawler = root.putObject("crawler");
        crawler.put("instance", "demo-crawler");
        ObjectNode fetch = crawler.putObject("fetch");
        // a scripted timeout stalls 8 s: give up before that, as the crawler would on a slow platform
        fetch.put("connectTimeout", "PT5S").put("totalTimeout", "PT5S");
        ObjectNode rewrite = fetch.putObject("rewrite");
        r.rewrites().forEach(rewrite::put);
        ObjectNode polite = crawler.putObject("politeness");
        // the one loopback host serves four platforms on a clock running `speed` times faster: 50 requests/s is its
        // own politeness; every other host keeps the defaults
        polite.putObject("hostIntervals").put("127.0.0.1", HOST_INTERVAL.toString());
        // waits scaled to the clock: an unreachable robots.txt still means "disallow all", re-asked sooner
        polite.put("retryInitial", "PT0.2S").put("breakerOpenFor", "PT5S").put("maxRetryAfter", "PT5S").put("robotsErrorTtl", "PT5S");
        // the one loopback host stands for four platforms' hosts: with the default window (8 failures in 10 calls), a
        // cluster of retries of the scripted transient posts opened it for every platform at once and hid whole
        // listings from the crawler (BENCHMARKS.md, hardening); a window of four hosts' calls keeps the same rule
        polite.put("breakerWindow", 40);
        crawler.putObject("kafka").put("groupId", ns + "-crawler").put("concurrency", 16);
        ArrayNode watch = crawler.putArray("watch");
        for (ReplayPlatform.Source src : r.watchList()) {
            watch.addObject().put("platform", src.platform()).put("source", src.source())
                    .put("every", src.platform().equals("wechat") ? "PT60S" : "PT20S");
        }
        ObjectNode detector = root.putObject("detector");
        detector.put("applicationId", ns + "-detector");
        // fewer, larger transactions, and state in memory (the demo's data is wiped at each start anyway): the
        // detector keeps up on a small, busy machine
        detector.putObject("processing").put("commitInterval", "1s").put("persistentStores", false);
        ObjectNode schedule = detector.putObject("schedule");
        // the production ladder (minutes, hours, days) on a clock where a day lasts `speed` times less
        schedule.put("tick", "250ms");
        ObjectNode ladder = schedule.putObject("ladder");
        ArrayNode points = ladder.putArray("points");
        for (String pt : List.of("10s", "20s", "40s")) points.add(pt);
        ArrayNode then = ladder.putArray("then");
        then.addObject().put("every", "30s").put("until", "1h");
        then.addObject().put("every", "1h").put("until", "horizon");
        schedule.put("confirmDelay", "3s").put("retryInitial", "2s").put("retryMax", "10s").put("responseTimeout", "30s")
                .put("restorationInterval", "60s").put("minInterval", "1s");
        // The budget is per platform and per detector task (captures partition) and the detector spends all of it
        // (spare budget pulls checks forward), while every platform here is one loopback host that the crawler's
        // politeness serves at 50 requests/s. A total above that grows the crawler's backlog without end (seen in
        // the 20-minute soak at 5/s: 60 requests/s asked, recrawl lag +150 a minute): keep it at 3/4 of the host's
        // rate, the rest for the watch lists.
        long platforms = r.watchList().stream().map(ReplayPlatform.Source::platform).distinct().count();
        double perTask = 0.75 * (1000.0 / HOST_INTERVAL.toMillis()) / (platforms * PARTITIONS);
        schedule.putObject("budgets").put("default", Math.floor(perTask * 10) / 10);
        ObjectNode api = root.putObject("searchApi");
        api.putObject("elasticsearch").put("indexPrefix", ns + "-");
        api.putObject("indexer").put("groupId", ns + "-indexer");
        ObjectNode alerts = yaml.createObjectNode();
        alerts.putObject("webhook").putArray("allowPrivateHosts").add("127.0.0.1");
        alerts.putObject("delivery").put("groupId", ns + "-alerts");
        api.set("alerts", alerts);
        try {
            SearchConfig.fromYaml(yaml.writeValueAsString(api));
        } catch (IllegalArgumentException e) {
            // a search API without alerts: run without the subscription rather than not at all
            log.warn("search API refuses the alerts section ({}); the demo runs without its subscription", e.getMessage());
            api.remove("alerts");
        }
        return yaml.writeValueAsString(root);
    }

    private void subscribe(String secret, PrintStream out) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", "demo: censored removals");
        body.putObject("query").put("type", "removal").putArray("reason").add("CENSORED").add("ACCOUNT_SUSPENDED");
        body.putObject("delivery").putObject("webhook").put("url", receiver.url()).put("secret", secret);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(pipeline.httpUrl() + "/api/v1/subscriptions"))
                    .header("X-API-Key", apiKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                subscription = JSON.readTree(r.body()).path("id").asText("?");
                out.println("Demo subscription " + subscription + ": censored removals, delivered to " + receiver.url());
            } else {
                out.println("Demo subscription not created (HTTP " + r.statusCode() + "): " + r.body());
            }
        } catch (IOException e) {
            out.println("Demo subscription not created: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the events topic from the start: what the detector reported, for the summary and for tests. */
    private void tally(Topics topics) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafkaBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, AfterimageSerdes.postKey().deserializer(), AfterimageSerdes.event().deserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topics.events(), Duration.ofSeconds(30)).stream()
                    .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (!closed) {
                for (var rec : consumer.poll(Duration.ofMillis(500))) {
                    if (rec.value() == null) continue;
                    events.computeIfAbsent(rec.key(), k -> new CopyOnWriteArrayList<>()).add(rec.value());
                }
            }
        } catch (RuntimeException e) {
            if (!closed) log.warn("demo event tally stopped: {}", e.toString());
        }
    }

    public ReplayPlatform replay() {
        return replay;
    }

    public GroundTruth truth() {
        return replay.truth();
    }

    /** Events the detector published so far, by post. */
    public Map<PostKey, List<PostEvent>> events() {
        return Map.copyOf(events);
    }

    /** Alerts the local webhook receiver accepted (signature checked). */
    public List<JsonNode> alerts() {
        return receiver.received();
    }

    public String apiUrl() {
        return pipeline.httpUrl();
    }

    /** Captures the crawler handed to Kafka so far (read after {@link #close} for the final count). */
    public long capturesPublished() {
        return pipeline.capturesPublished().orElse(0);
    }

    public String apiKey() {
        return apiKey;
    }

    public String subscriptionId() {
        return subscription;
    }

    /** One line: what the replay did and what the pipeline found. */
    public String summary() {
        GroundTruth t = replay.truth();
        long removals = events.values().stream().flatMap(List::stream).filter(e -> e.type().equals("removal")).count();
        long alterations = events.values().stream().flatMap(List::stream).filter(e -> e.type().equals("alteration")).count();
        return String.format("[demo] replay: published %d, removed %d, edited %d, requests %d (%d transient errors) | detected: %d removals, %d alterations | alerts %d",
                t.published(), t.removalsDone().size(), t.editsDone().size(), t.requests(), t.transientResponses(), removals, alterations,
                receiver.received().size());
    }

    @Override
    public void close() {
        closed = true;
        try {
            tally.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pipeline.close();
        receiver.close();
        replay.close();
    }

    /**
     * Runs the demo until Ctrl-C or {@code seconds}, printing where to look and a summary every few seconds.
     *
     * @return the process exit code
     */
    public static int run(Settings settings, Optional<Duration> seconds, PrintStream out, PrintStream err) {
        Demo demo;
        try {
            demo = start(settings, out);
        } catch (IOException | RuntimeException e) {
            err.println("afterimage demo: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(demo::close, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println();
        out.println("Afterimage demo is running (no internet needed).");
        out.println("  Web UI and API:   " + demo.apiUrl() + "/   (API key: " + demo.apiKey() + ")");
        out.println("  Try:              curl -H 'X-API-Key: " + demo.apiKey() + "' '" + demo.apiUrl() + "/api/v1/events?type=removal'");
        out.println("  Replay platform:  " + demo.replay().baseUrl() + "/  (ground truth: " + demo.replay().baseUrl() + "/_truth)");
        out.println("  Clock:            x" + settings.speed() + " (a day in " + Duration.ofSeconds((long) (86400 / settings.speed())).toSeconds()
                + " s); the script lasts about " + demo.replay().scriptLength().toSeconds() + " s");
        out.println("  Data:             " + settings.data() + " (wiped at the next demo start)");
        out.println("Alerts for censored removals print below as they arrive. Ctrl-C stops.");
        long end = seconds.map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
        try {
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(5000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                out.println(demo.summary());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return 0;
        }
        out.println(demo.summary());
        demo.close();
        return 0;
    }
}
