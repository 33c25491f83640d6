package org.afterimage.search.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.auth.ApiKey;
import org.afterimage.search.auth.Gatekeeper;
import org.afterimage.search.auth.KeyStore;
import org.afterimage.search.auth.Principal;
import org.afterimage.search.auth.Role;
import org.afterimage.search.export.Exporter;
import org.afterimage.search.export.Format;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.service.Filter;
import org.afterimage.search.service.FilterParser;
import org.afterimage.search.service.InvalidParameterException;
import org.afterimage.search.service.Page;
import org.afterimage.search.service.SearchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the API. Handlers parse, call a service, map to JSON; {@link ErrorMapper} turns exceptions into
 * statuses. Each handler first asks the {@link Gatekeeper} for the permission it needs.
 */
public final class Routes {
    private static final Logger log = LoggerFactory.getLogger(Routes.class);
    public static final String BASE = "/api/v1";
    private static final String START = "afterimage.start";

    private final SearchConfig config;
    private final SearchService search;
    private final Exporter exporter;
    private final Gatekeeper gate;
    private final KeyStore keys;
    private final PrometheusMeterRegistry registry;
    private final FilterParser parser;
    private final byte[] openApi;
    private final org.afterimage.search.service.WarcStore warcs;

    public Routes(SearchConfig config, SearchService search, Exporter exporter, Gatekeeper gate, KeyStore keys,
                  PrometheusMeterRegistry registry, org.afterimage.search.service.WarcStore warcs) {
        this.warcs = warcs;
        this.config = config;
        this.search = search;
        this.exporter = exporter;
        this.gate = gate;
        this.keys = keys;
        this.registry = registry;
        this.parser = new FilterParser(config.http().maxQueryLength(), config.http().maxPageSize());
        try (InputStream in = Routes.class.getResourceAsStream("/org/afterimage/search/http/openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json missing from the class path");
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers everything on {@code cfg}. */
    public void register(JavalinConfig cfg) {
        cfg.http.maxRequestSize = config.http().maxBodyBytes();
        cfg.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;   // exports gzip themselves
        cfg.routes.before(ctx -> ctx.attribute(START, System.nanoTime()));
        cfg.routes.after(this::recordLatency);

        cfg.routes.get(BASE + "/posts", this::posts);
        cfg.routes.get(BASE + "/posts/{platform}/<postId>/captures/{n}/warc", this::warc);
        cfg.routes.get(BASE + "/posts/{platform}/<postId>", this::post);
        cfg.routes.get(BASE + "/events", this::events);
        cfg.routes.get(BASE + "/stats", this::stats);
        cfg.routes.get(BASE + "/export", this::export);
        cfg.routes.get(BASE + "/keys", this::listKeys);
        cfg.routes.post(BASE + "/keys", this::createKey);
        cfg.routes.delete(BASE + "/keys/{id}", this::revokeKey);
        cfg.routes.get(BASE + "/openapi.json", this::openApi);
        cfg.routes.get("/openapi.json", this::openApi);
        cfg.routes.get("/metrics", this::metrics);

        cfg.routes.exception(Exception.class, ErrorMapper::handle);
        cfg.routes.error(404, ctx -> {
            if (!isJson(ctx)) ErrorMapper.write(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path());
        });
        cfg.routes.error(405, ctx -> {
            if (!isJson(ctx)) ErrorMapper.write(ctx, 405, "method_not_allowed", ctx.method() + " not allowed on " + ctx.path());
        });
    }

    private static boolean isJson(Context ctx) {
        String ct = ctx.res().getContentType();
        return ct != null && ct.startsWith("application/json");
    }

    private Principal admit(Context ctx, Role.Permission needed) {
        return gate.admit(presentedKey(ctx), ctx.ip(), Optional.ofNullable(needed));
    }

    static Optional<String> presentedKey(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && !auth.isBlank()) {
            if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new org.afterimage.search.auth.AuthException(org.afterimage.search.auth.AuthException.Kind.UNAUTHENTICATED,
                        "Authorization must be 'Bearer <key>'", 0);
            }
            return Optional.of(auth.substring(7).strip());
        }
        String k = ctx.header("X-API-Key");
        return k == null || k.isBlank() ? Optional.empty() : Optional.of(k.strip());
    }

    private boolean seesHidden(Principal p) {
        return config.privacy().showDeletedByAuthor() || p.isAdmin();
    }

    private void posts(Context ctx) {
        Principal p = admit(ctx, Role.Permission.READ);
        Filter f = parser.parse(ctx.queryParamMap(), FilterParser.Target.POSTS).withIncludeHidden(seesHidden(p));
        json(ctx, page(search.posts(f)));
    }

    private void events(Context ctx) {
        Principal p = admit(ctx, Role.Permission.READ);
        Filter f = parser.parse(ctx.queryParamMap(), FilterParser.Target.EVENTS).withIncludeHidden(seesHidden(p));
        json(ctx, page(search.events(f)));
    }

    private void post(Context ctx) {
        Principal p = admit(ctx, Role.Permission.READ);
        noParams(ctx, Set.of());
        json(ctx, search.post(ctx.pathParam("platform"), ctx.pathParam("postId"), seesHidden(p)));
    }

    private void warc(Context ctx) throws IOException {
        Principal p = admit(ctx, Role.Permission.READ);
        noParams(ctx, Set.of());
        SearchService.WarcLocation at = search.warcOf(ctx.pathParam("platform"), ctx.pathParam("postId"), ctx.pathParam("n"), seesHidden(p));
        warcs.check(at);
        ctx.status(200);
        ctx.contentType("application/warc");
        ctx.header("Content-Disposition", "attachment; filename=\"" + at.recordId().replaceAll("[^A-Za-z0-9:_-]", "_") + ".warc\"");
        try {
            warcs.copy(at, ctx.outputStream());
        } catch (org.afterimage.search.service.NotFoundException e) {
            throw e;   // found out before the first byte: still a clean 404
        } catch (IOException | RuntimeException e) {
            log.warn("WARC {} of {} aborted: {}", at.recordId(), ctx.pathParam("postId"), e.toString());
            abortConnection(ctx);
        }
    }

    private void stats(Context ctx) {
        Principal p = admit(ctx, Role.Permission.READ);
        Filter f = parser.parse(ctx.queryParamMap(), FilterParser.Target.STATS).withIncludeHidden(seesHidden(p));
        json(ctx, search.stats(f));
    }

    private void export(Context ctx) throws IOException {
        Principal p = admit(ctx, Role.Permission.EXPORT);
        Map<String, List<String>> params = ctx.queryParamMap();
        Filter f = parser.parse(params, FilterParser.Target.EXPORT).withIncludeHidden(seesHidden(p));
        Format format = Format.of(one(params, "format"));
        String gz = one(params, "gzip");
        if (gz != null && !gz.equals("true") && !gz.equals("false")) throw new InvalidParameterException("gzip", "must be true or false");
        boolean gzip = "true".equals(gz);
        ObjectNode query = DocJson.MAPPER.createObjectNode();
        new TreeMap<>(params).forEach((k, v) -> {
            ArrayNode a = query.putArray(k);
            v.forEach(a::add);
        });
        ObjectNode header = exporter.header(query, format);
        try (Exporter.Session s = exporter.open(f)) {
            ctx.status(200);
            ctx.contentType(gzip ? "application/gzip" : format.contentType);
            ctx.header("Content-Disposition", "attachment; filename=\"afterimage-posts." + format.extension + (gzip ? ".gz" : "") + "\"");
            // CSV has no room for a header line: the same header travels as a sidecar in this response header
            ctx.header("X-Afterimage-Export", DocJson.MAPPER.writer()
                    .with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(header));
            OutputStream raw = ctx.outputStream();
            try {
                OutputStream out = gzip ? new GZIPOutputStream(raw, 64 << 10) : raw;
                long n = s.writeTo(format, header, out);
                if (out instanceof GZIPOutputStream g) g.finish();
                out.flush();
                log.info("export by {}: {} documents ({})", p.id(), n, format.extension);
            } catch (IOException | RuntimeException e) {
                // the status line is gone already: cut the connection so the client sees a broken transfer, never
                // a clean end of a partial export (an error body appended to the data would look like data)
                log.warn("export by {} aborted after streaming began: {}", p.id(), e.toString());
                abortConnection(ctx);
            }
        }
    }

    private static void abortConnection(Context ctx) {
        if (ctx.req() instanceof org.eclipse.jetty.ee10.servlet.ServletApiRequest r) {
            r.getRequest().getConnectionMetaData().getConnection().close();
        }
    }

    private void listKeys(Context ctx) {
        admit(ctx, Role.Permission.ADMIN);
        noParams(ctx, Set.of());
        ArrayNode a = DocJson.MAPPER.createArrayNode();
        for (ApiKey k : keys.list()) a.add(keyJson(k));
        ObjectNode out = DocJson.MAPPER.createObjectNode();
        out.set("items", a);
        json(ctx, out);
    }

    private void createKey(Context ctx) {
        admit(ctx, Role.Permission.ADMIN);
        noParams(ctx, Set.of());
        JsonNode body = body(ctx);
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!Set.of("role", "name", "validFor").contains(name)) throw new InvalidParameterException(name, "unknown field; allowed: name, role, validFor");
        }
        JsonNode role = body.get("role");
        if (role == null || !role.isTextual()) throw new InvalidParameterException("role", "required string: reader|subscriber|exporter|admin");
        Role r;
        try {
            r = Role.of(role.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("role", e.getMessage());
        }
        JsonNode name = body.get("name");
        if (name != null && (!name.isTextual() || name.textValue().length() > 200)) {
            throw new InvalidParameterException("name", "must be a string of at most 200 characters");
        }
        JsonNode validFor = body.get("validFor");
        Optional<java.time.Duration> ttl = Optional.empty();
        if (validFor != null) {
            try {
                ttl = Optional.of(java.time.Duration.parse(validFor.textValue()));
            } catch (RuntimeException e) {
                throw new InvalidParameterException("validFor", "an ISO-8601 duration such as P90D or PT12H, got " + validFor);
            }
            if (ttl.get().isNegative() || ttl.get().isZero()) throw new InvalidParameterException("validFor", "must be positive, got " + validFor.textValue());
            // now + a huge duration overflows Instant (a 500 before; found by fuzzing): no key needs to outlive a century
            if (ttl.get().compareTo(java.time.Duration.ofDays(36_500)) > 0) throw new InvalidParameterException("validFor", "at most P36500D, got " + validFor.textValue());
        }
        KeyStore.Created c = keys.create(r, name == null ? "" : name.textValue(), ttl);
        ObjectNode out = keyJson(c.key());
        out.put("key", c.secret());
        ctx.status(201);
        json(ctx, out);
    }

    private void revokeKey(Context ctx) {
        admit(ctx, Role.Permission.ADMIN);
        noParams(ctx, Set.of());
        if (!keys.revoke(ctx.pathParam("id"))) throw new org.afterimage.search.service.NotFoundException("no active key " + ctx.pathParam("id"));
        ctx.status(204);
    }

    private void openApi(Context ctx) {
        noParams(ctx, Set.of());
        ctx.contentType("application/json").result(openApi);
    }

    private void metrics(Context ctx) {
        if (!config.metrics().isPublic()) admit(ctx, Role.Permission.ADMIN);
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    private static ObjectNode keyJson(ApiKey k) {
        ObjectNode n = DocJson.MAPPER.createObjectNode();
        n.put("id", k.id());
        n.put("name", k.name());
        n.put("role", k.role().id());
        n.put("createdAt", k.createdAt().toString());
        if (k.revokedAt() != null) n.put("revokedAt", k.revokedAt().toString());
        if (k.expiresAt() != null) n.put("expiresAt", k.expiresAt().toString());
        return n;
    }

    private JsonNode body(Context ctx) {
        return JsonBody.object(ctx.bodyAsBytes(), ctx.contentType(), config.http().maxBodyBytes());
    }

    private static void noParams(Context ctx, Set<String> allowed) {
        for (String k : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(k)) throw new InvalidParameterException(k.length() > 60 ? k.substring(0, 60) : k, "unknown parameter");
        }
    }

    private static String one(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) return null;
        if (v.size() > 1) throw new InvalidParameterException(name, "given " + v.size() + " times; give it once");
        return v.get(0);
    }

    static ObjectNode page(Page p) {
        ObjectNode out = DocJson.MAPPER.createObjectNode();
        out.put("total", p.total());
        ArrayNode items = out.putArray("items");
        p.items().forEach(items::add);
        if (p.next().isPresent()) out.put("next", p.next().get());
        else out.putNull("next");
        return out;
    }

    static void json(Context ctx, JsonNode body) {
        try {
            ctx.contentType("application/json").result(DocJson.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void recordLatency(Context ctx) {
        Long start = ctx.attribute(START);
        if (start == null) return;
        String route;
        try {
            var ep = ctx.endpoints().matchedHttpEndpoint();
            route = ep == null ? "unmatched" : ep.path;
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        Timer.builder("afterimage.http.requests").description("HTTP request latency")
                .tag("method", ctx.method().name()).tag("route", route).tag("status", String.valueOf(ctx.statusCode()))
                .publishPercentileHistogram(false)
                .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
