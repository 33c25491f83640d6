package org.afterimage.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.afterimage.demo.ScriptedPost.Fate;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's stand-in for the platforms: an HTTP server on loopback that serves Telegram channel pages and embeds,
 * Mastodon's REST API, Reddit's JSON and WeChat article pages, under {@code /telegram/}, {@code /mastodon/},
 * {@code /reddit/} and {@code /wechat/}. It publishes posts made from real WeChatScope removal records, then
 * removes them with the records' messages and relative timing, edits some, and makes some answer 429 / 500 /
 * time out for a while, on a clock {@code speed} times faster than the wall clock. What it did is the
 * {@link #truth() ground truth}, also served as JSON at {@code /_truth}.
 *
 * <p>The crawler reaches it through {@link #rewrites()} (its {@code fetch.rewrite} config): the adapters see the
 * platforms' own URLs, robots.txt and politeness apply to this server. State is a pure function of the clock, so
 * every thread sees the same platform and a restart with the same seed replays the same script.
 */
public final class ReplayPlatform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplayPlatform.class);
    /** Robots.txt keeps crawlers out of this channel; the demo watches it anyway, to show that the crawler obeys. */
    public static final String NOARCHIVE_CHANNEL = "afterimage_noarchive";
    private static final int MAX_URI = 2048;

    /**
     * @param speed        replay seconds per wall-clock second (1440: a day per minute)
     * @param timeoutDelay how long a "timeout" answer stalls (longer than the crawler's total timeout)
     */
    public record Options(String host, int port, double speed, long seed, Duration timeoutDelay, InstantSource clock) {
        public Options {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is not a port (0-65535)");
            if (!(speed >= 1 && speed <= 1_000_000)) throw new IllegalArgumentException("speed " + speed + " must be between 1 and 1000000");
            Objects.requireNonNull(timeoutDelay, "timeoutDelay");
            Objects.requireNonNull(clock, "clock");
        }

        /** Loopback, the given port (0: any free one), a day per minute, seed 42, 4 s stalls, the system clock. */
        public static Options defaults(int port) {
            return new Options("127.0.0.1", port, 1440, 42, Duration.ofSeconds(4), InstantSource.system());
        }

        public Options withSpeed(double s) {
            return new Options(host, port, s, seed, timeoutDelay, clock);
        }

        public Options withTimeoutDelay(Duration d) {
            return new Options(host, port, speed, seed, d, clock);
        }
    }

    /** A source for the crawler's watch list: platform id ({@code telegram}...) and source name. */
    public record Source(String platform, String source) {
    }

    private final Options options;
    private final List<ScriptedPost> script;
    private final Map<PostKey, ScriptedPost> byKey = new HashMap<>();
    /** When the replay clock started; null while paused before {@link #play()}. */
    private volatile Instant start;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong transientResponses = new AtomicLong();
    private final AtomicLong robotsHits = new AtomicLong();
    /** Posts served with their original content (before their removal or edit). */
    private final java.util.Set<PostKey> seenOriginal = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private ReplayPlatform(Options options, List<ScriptedPost> script) throws IOException {
        this.options = options;
        this.script = script;
        for (ScriptedPost p : script) byKey.put(p.key(), p);
        this.server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        log.info("replay platform on {} with {} scripted posts at speed {}", baseUrl(), script.size(), options.speed());
    }

    /**
     * Starts the server with the bundled script (293 posts from the real records). Its clock stands still at the
     * beginning of the script (nothing published but the WeChat articles, nothing removed) until {@link #play()}, so
     * the pipeline can start first.
     */
    public static ReplayPlatform start(Options options) throws IOException {
        return new ReplayPlatform(options, Script.build(DemoRecord.bundled(), options.seed()));
    }

    /** Starts the replay clock (once; later calls do nothing). */
    public synchronized ReplayPlatform play() {
        if (start == null) {
            start = options.clock().instant();
            log.info("replay platform {}: clock started at x{}", baseUrl(), options.speed());
        }
        return this;
    }

    /** Requests served so far (robots.txt included). */
    public long requests() {
        return requests.get();
    }

    public String baseUrl() {
        return "http://" + options.host() + ":" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Options options() {
        return options;
    }

    /** The crawler's {@code fetch.rewrite}: each platform's URL prefix → this server. */
    public Map<String, String> rewrites() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("https://t.me/", baseUrl() + "/telegram/");
        m.put("https://" + Script.MASTODON_HOST + "/", baseUrl() + "/mastodon/");
        m.put("https://www.reddit.com/", baseUrl() + "/reddit/");
        m.put("https://mp.weixin.qq.com/", baseUrl() + "/wechat/");
        return m;
    }

    /** Every source to watch: the Telegram channels, Mastodon accounts, the subreddit and each WeChat article. */
    public List<Source> watchList() {
        List<Source> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ScriptedPost p : script) {
            String s = switch (p.platform()) {
                case MASTODON -> Script.MASTODON_HOST + "/" + p.source();
                case WECHAT -> "https://mp.weixin.qq.com/" + p.key().postId();
                default -> p.source();
            };
            if (seen.add(p.platform().id() + " " + s)) out.add(new Source(p.platform().id(), s));
        }
        out.add(new Source("telegram", NOARCHIVE_CHANNEL));
        return out;
    }

    /** Wall-clock time the whole script takes (its last removal, edit or failure window). */
    public Duration scriptLength() {
        Duration last = Duration.ZERO;
        for (ScriptedPost p : script) {
            Duration d = switch (p.fate()) {
                case Fate.Removal r -> r.at();
                case Fate.Edit e -> e.at();
                case Fate.Transient t -> t.until();
                case Fate.Untouched u -> p.publishAt();
            };
            if (d.compareTo(last) > 0) last = d;
        }
        return wall(last);
    }

    /** What has been done so far and what is scripted. */
    public GroundTruth truth() {
        Duration now = virtualNow();
        int published = 0;
        List<GroundTruth.Removal> removals = new ArrayList<>();
        List<GroundTruth.Edit> edits = new ArrayList<>();
        List<GroundTruth.Transient> transients = new ArrayList<>();
        List<PostKey> untouched = new ArrayList<>();
        for (ScriptedPost p : script) {
            if (now.compareTo(p.publishAt()) >= 0) published++;
            switch (p.fate()) {
                case Fate.Removal r -> removals.add(new GroundTruth.Removal(p.key(), r.expected(), r.message(),
                        instant(p.publishAt()), instant(r.at()), now.compareTo(r.at()) >= 0, seenOriginal.contains(p.key())));
                case Fate.Edit e -> edits.add(new GroundTruth.Edit(p.key(), p.title() + "\n\n" + p.body(), p.title() + "\n\n" + e.newBody(),
                        instant(e.at()), now.compareTo(e.at()) >= 0, seenOriginal.contains(p.key())));
                case Fate.Transient t -> transients.add(new GroundTruth.Transient(p.key(), t.kind().name(), instant(t.from()), instant(t.until())));
                case Fate.Untouched u -> untouched.add(p.key());
            }
        }
        return new GroundTruth(options.clock().instant(), options.speed(), published, removals, edits, transients, untouched,
                requests.get(), transientResponses.get(), robotsHits.get());
    }

    // ---- the clock ----

    private Duration virtualNow() {
        Instant s = start;
        if (s == null) return Duration.ZERO;
        long wallNanos = Duration.between(s, options.clock().instant()).toNanos();
        return Duration.ofNanos((long) (wallNanos * options.speed()));
    }

    private Duration wall(Duration virtual) {
        return Duration.ofNanos((long) (virtual.toNanos() / options.speed()));
    }

    private Instant instant(Duration virtual) {
        Instant s = start;
        return (s == null ? options.clock().instant() : s).plus(wall(virtual));
    }

    /** The post as it looks now, or empty when it is not published yet. */
    private Optional<Pages.View> view(ScriptedPost p, Duration now) {
        if (now.compareTo(p.publishAt()) < 0) return Optional.empty();
        if (p.fate() instanceof Fate.Edit e && now.compareTo(e.at()) >= 0) {
            return Optional.of(new Pages.View(p, instant(p.publishAt()), e.newBody(), instant(e.at())));
        }
        if (removed(p, now).isEmpty()) seenOriginal.add(p.key());   // about to be served as first published
        return Optional.of(new Pages.View(p, instant(p.publishAt()), p.body(), null));
    }

    private static Optional<Fate.Removal> removed(ScriptedPost p, Duration now) {
        return p.fate() instanceof Fate.Removal r && now.compareTo(r.at()) >= 0 ? Optional.of(r) : Optional.empty();
    }

    private static Optional<ScriptedPost.TransientKind> failing(ScriptedPost p, Duration now) {
        return p.fate() instanceof Fate.Transient t && now.compareTo(t.from()) >= 0 && now.compareTo(t.until()) < 0
                ? Optional.of(t.kind()) : Optional.empty();
    }

    // ---- HTTP ----

    private static final Pattern TG_CHANNEL = Pattern.compile("/telegram/s/([A-Za-z0-9_]{3,64})");
    private static final Pattern TG_POST = Pattern.compile("/telegram/([A-Za-z0-9_]{3,64})/(\\d{1,12})");
    private static final Pattern MA_ACCOUNT = Pattern.compile("/mastodon/api/v1/accounts/(\\d{1,20})/statuses");
    private static final Pattern MA_STATUS = Pattern.compile("/mastodon/(?:api/v1/statuses|@[A-Za-z0-9_]{1,30})/(\\d{1,32})");
    private static final Pattern RD_NEW = Pattern.compile("/reddit/r/([A-Za-z0-9_]{3,21})/new\\.json");
    private static final Pattern RD_INFO = Pattern.compile("/reddit/api/info\\.json");
    private static final Pattern RD_THREAD = Pattern.compile("/reddit/r/[A-Za-z0-9_]{3,21}/comments/([a-z0-9]{1,13})/?(?:[^/]*/?)?(?:\\.json)?");
    private static final Pattern WX_ARTICLE = Pattern.compile("/wechat/(s/[A-Za-z0-9_-]{6,64})");

    /** A response to send. */
    record Answer(int status, String contentType, String body, Map<String, String> headers) {
        static Answer html(String body) {
            return new Answer(200, "text/html; charset=utf-8", body, Map.of());
        }

        static Answer json(int status, Object node) {
            try {
                return new Answer(status, "application/json; charset=utf-8", Pages.JSON.writeValueAsString(node), Map.of());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static Answer text(int status, String body) {
            return new Answer(status, "text/plain; charset=utf-8", body, Map.of());
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            Answer a;
            try {
                a = answer(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery());
            } catch (RuntimeException e) {
                log.warn("replay platform: {} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
                a = Answer.text(500, "internal error\n");
            }
            if (a == null) {   // a scripted timeout: stall, then give up without an answer
                try {
                    Thread.sleep(options.timeoutDelay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                a = Answer.text(504, "gateway timeout\n");
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", a.contentType());
            a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(a.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // the client went away (it timed out on a stalled answer): nothing to tell it
            log.debug("replay platform: client gone: {}", e.toString());
        }
    }

    /** The answer for one request; {@code null} for a scripted timeout. Package-private for tests. */
    Answer answer(String method, String rawPath, String rawQuery) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return new Answer(405, "text/plain; charset=utf-8", "method not allowed: the replay platform is read-only\n", Map.of("Allow", "GET, HEAD"));
        }
        String path = rawPath == null ? "/" : rawPath;
        if (path.length() + (rawQuery == null ? 0 : rawQuery.length()) > MAX_URI) return Answer.text(414, "URI too long\n");
        Map<String, String> query = query(rawQuery);
        Duration now = virtualNow();
        if (path.equals("/robots.txt")) {
            return Answer.text(200, "User-agent: *\nDisallow: /telegram/s/" + NOARCHIVE_CHANNEL + "\nDisallow: /_truth\n");
        }
        if (path.startsWith("/telegram/s/" + NOARCHIVE_CHANNEL)) {
            robotsHits.incrementAndGet();
            return Answer.html(Pages.telegramChannel(NOARCHIVE_CHANNEL, List.of()));
        }
        if (path.equals("/_truth")) return Answer.json(200, truth().toJson());
        if (path.equals("/") || path.isEmpty()) return Answer.text(200, "Afterimage replay platform: /telegram/ /mastodon/ /reddit/ /wechat/ /_truth\n");
        Matcher m;
        if ((m = TG_CHANNEL.matcher(path)).matches()) {
            String channel = m.group(1);
            long before = Long.MAX_VALUE;
            if (query.containsKey("before")) {
                try {
                    before = Long.parseLong(query.get("before"));
                } catch (NumberFormatException e) {
                    return Answer.text(400, "before must be a message id\n");
                }
            }
            List<Pages.View> visible = new ArrayList<>();
            for (ScriptedPost p : script) {
                if (p.platform() != Platform.TELEGRAM || !p.source().equals(channel) || p.n() >= before || removed(p, now).isPresent()) continue;
                view(p, now).ifPresent(visible::add);
            }
            if (visible.isEmpty() && script.stream().noneMatch(p -> p.platform() == Platform.TELEGRAM && p.source().equals(channel))) {
                return notFound();
            }
            return Answer.html(Pages.telegramChannel(channel, visible));
        }
        if ((m = TG_POST.matcher(path)).matches()) {
            return single(PostKey.of(Platform.TELEGRAM, m.group(1) + "/" + m.group(2)), now,
                    v -> Answer.html(Pages.telegramEmbed(v.post().source(), v)), r -> Answer.html(Pages.telegramNotFound()),
                    () -> Answer.html(Pages.telegramNotFound()));
        }
        if ((m = MA_ACCOUNT.matcher(path)).matches()) {
            String account = m.group(1);
            List<Pages.View> visible = new ArrayList<>();
            for (ScriptedPost p : script) {
                if (p.platform() != Platform.MASTODON || !p.source().equals(account) || removed(p, now).isPresent()) continue;
                view(p, now).ifPresent(visible::add);
            }
            if (visible.isEmpty() && script.stream().noneMatch(p -> p.platform() == Platform.MASTODON && p.source().equals(account))) {
                return Answer.json(404, Pages.mastodonNotFound());
            }
            visible.sort(Comparator.comparing((Pages.View v) -> v.post().n()).reversed());
            return Answer.json(200, Pages.mastodonStatuses(visible.subList(0, Math.min(40, visible.size()))));
        }
        if ((m = MA_STATUS.matcher(path)).matches()) {
            return single(PostKey.of(Platform.MASTODON, Script.MASTODON_HOST + "/" + m.group(1)), now,
                    v -> Answer.json(200, Pages.mastodonStatus(v)), r -> Answer.json(404, Pages.mastodonNotFound()),
                    () -> Answer.json(404, Pages.mastodonNotFound()));
        }
        if ((m = RD_NEW.matcher(path)).matches()) {
            if (!m.group(1).equals(Script.SUBREDDIT)) return Answer.json(404, redditError(404, "Not Found"));
            List<Pages.View> visible = new ArrayList<>();
            for (ScriptedPost p : script) {
                if (p.platform() != Platform.REDDIT || removed(p, now).isPresent()) continue;
                view(p, now).ifPresent(visible::add);
            }
            visible.sort(Comparator.comparing((Pages.View v) -> v.post().n()).reversed());
            List<ObjectNode> things = new ArrayList<>();
            for (Pages.View v : visible.subList(0, Math.min(100, visible.size()))) things.add(Pages.redditThing(v, null));
            return Answer.json(200, Pages.redditListing(things));
        }
        if (RD_INFO.matcher(path).matches()) {
            String id = query.getOrDefault("id", "");
            if (!id.matches("t3_[a-z0-9]{1,13}")) return Answer.json(400, redditError(400, "id must be a fullname like t3_abc"));
            return single(PostKey.of(Platform.REDDIT, id), now,
                    v -> Answer.json(200, Pages.redditListing(List.of(Pages.redditThing(v, null)))),
                    r -> Answer.json(200, Pages.redditListing(List.of(Pages.redditThing(removedView(r), redditForm(r))))),
                    () -> Answer.json(200, Pages.redditListing(List.of())));
        }
        if ((m = RD_THREAD.matcher(path)).matches()) {
            return single(PostKey.of(Platform.REDDIT, "t3_" + m.group(1)), now,
                    v -> Answer.json(200, List.of(Pages.redditListing(List.of(Pages.redditThing(v, null))), Pages.redditListing(List.of()))),
                    r -> Answer.json(200, List.of(Pages.redditListing(List.of(Pages.redditThing(removedView(r), redditForm(r)))), Pages.redditListing(List.of()))),
                    () -> Answer.json(404, redditError(404, "Not Found")));
        }
        if ((m = WX_ARTICLE.matcher(path)).matches()) {
            return single(PostKey.of(Platform.WECHAT, m.group(1)), now,
                    v -> Answer.html(Pages.wechatArticle(v)),
                    r -> Answer.html(Pages.wechatRemoved(((Fate.Removal) r.post().fate()).message())),
                    () -> new Answer(404, "text/html; charset=utf-8", "<html><body>Not Found</body></html>", Map.of()));
        }
        return notFound();
    }

    private Pages.View removedView(Pages.View v) {
        return v;
    }

    private static String redditForm(Pages.View v) {
        return ((Fate.Removal) v.post().fate()).expected() == org.afterimage.model.RemovalReason.DELETED_BY_AUTHOR ? "[deleted]" : "[removed]";
    }

    private static ObjectNode redditError(int status, String message) {
        return Pages.JSON.createObjectNode().put("message", message).put("error", status);
    }

    private static Answer notFound() {
        return Answer.text(404, "not found\n");
    }

    /**
     * One post's own URL: the scripted transient failure when in its window, else the post, its removal form, or
     * {@code missing} when there is no such post (yet).
     */
    private Answer single(PostKey key, Duration now, java.util.function.Function<Pages.View, Answer> present,
                          java.util.function.Function<Pages.View, Answer> gone, java.util.function.Supplier<Answer> missing) {
        ScriptedPost p = byKey.get(key);
        if (p == null) return missing.get();
        Optional<Pages.View> v = view(p, now);
        if (v.isEmpty()) return missing.get();
        Optional<ScriptedPost.TransientKind> failure = failing(p, now);
        if (failure.isPresent()) {
            transientResponses.incrementAndGet();
            return switch (failure.get()) {
                case RATE_LIMITED -> new Answer(429, "application/json; charset=utf-8", "{\"message\": \"Too Many Requests\", \"error\": 429}",
                        Map.of("Retry-After", "1"));
                case SERVER_ERROR -> Answer.text(500, "internal server error\n");
                case TIMEOUT -> null;
            };
        }
        if (removed(p, now).isPresent()) {
            // asked for by its own URL (a watched WeChat article): the platform's answer names the removal
            seenOriginal.add(p.key());
            return gone.apply(v.get());
        }
        return present.apply(v.get());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) return q;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            try {
                if (eq > 0) q.putIfAbsent(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // a malformed escape: ignore the pair, as a lenient server would
            }
        }
        return q;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
