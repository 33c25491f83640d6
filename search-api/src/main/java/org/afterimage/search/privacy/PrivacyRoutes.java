package org.afterimage.search.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.Redaction;
import org.afterimage.model.WarcRef;
import org.afterimage.model.json.Json;
import org.afterimage.search.auth.ApiKey;
import org.afterimage.search.auth.AuthException;
import org.afterimage.search.auth.Gatekeeper;
import org.afterimage.search.auth.KeyStore;
import org.afterimage.search.auth.Principal;
import org.afterimage.search.auth.Role;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.http.JsonBody;
import org.afterimage.search.service.InvalidParameterException;
import org.afterimage.search.service.NotFoundException;
import org.afterimage.search.service.SearchService;
import org.afterimage.search.service.WarcStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP contract of the privacy duties (all under {@code /api/v1}):
 * <ul>
 * <li>{@code POST /redactions} (admin): body {@code {"key":"platform:postId","reason":"..."}} or
 *     {@code {"author":"platform:account","reason":"..."}} or {@code {"host":"example.org","reason":"..."}};
 *     {@code reason} is required (1 to 1000 characters), unknown fields are refused. 201 with
 *     {@code {"redaction":{...},"created":true,"posts":[keys],"documentsDeleted":n}}; 200 with {@code created:false}
 *     when the target was redacted already (the first record stays, the deletes run again). 400 for a malformed
 *     body, 413 over {@code http.maxBodyBytes}, 401/403 without an admin key. No {@code DELETE}: redaction is final.</li>
 * <li>{@code GET /redactions} (admin): {@code {"items":[...]}}, oldest first: the audit log (who, why, when).</li>
 * <li>{@code GET /posts/{platform}/{postId}/captures/{n}/warc} of a redacted post: 451 {@code withheld} for
 *     everyone but admins; admins get the record from the redaction's withheld WARC list.</li>
 * </ul>
 */
final class PrivacyRoutes {
    private static final Logger log = LoggerFactory.getLogger(PrivacyRoutes.class);
    static final String BASE = "/api/v1";
    private static final Set<String> FIELDS = Set.of("key", "author", "host", "reason");

    private final PrivacyService privacy;
    private final Gatekeeper gate;
    private final KeyStore keys;
    private final WarcStore warcs;
    private final InstantSource clock;
    private final int maxBodyBytes;

    PrivacyRoutes(PrivacyService privacy, Gatekeeper gate, KeyStore keys, WarcStore warcs, InstantSource clock, int maxBodyBytes) {
        this.privacy = privacy;
        this.gate = gate;
        this.keys = keys;
        this.warcs = warcs;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.post(BASE + "/redactions", this::create);
        cfg.routes.get(BASE + "/redactions", this::list);
        cfg.routes.before(BASE + "/posts/{platform}/<postId>/captures/{n}/warc", this::withhold);
    }

    private Principal admit(Context ctx, Role.Permission needed) {
        return gate.admit(presentedKey(ctx), ctx.ip(), Optional.of(needed));
    }

    /** Same rules as the other routes: {@code Authorization: Bearer <key>} or {@code X-API-Key}. */
    static Optional<String> presentedKey(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && !auth.isBlank()) {
            if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new AuthException(AuthException.Kind.UNAUTHENTICATED, "Authorization must be 'Bearer <key>'", 0);
            }
            return Optional.of(auth.substring(7).strip());
        }
        String k = ctx.header("X-API-Key");
        return k == null || k.isBlank() ? Optional.empty() : Optional.of(k.strip());
    }

    private void create(Context ctx) {
        Principal p = admit(ctx, Role.Permission.ADMIN);
        if (!ctx.queryParamMap().isEmpty()) throw new InvalidParameterException(abbreviate(ctx.queryParamMap().keySet().iterator().next()), "unknown parameter");
        Redaction request = parse(body(ctx), who(p));
        PrivacyService.Outcome o = privacy.redact(request);
        log.info("redaction of {} by {}: created={}, {} posts, {} documents deleted", o.redaction().target(), p.id(),
                o.created(), o.posts().size(), o.documentsDeleted());
        ObjectNode out = DocJson.MAPPER.createObjectNode();
        out.set("redaction", json(o.redaction()));
        out.put("created", o.created());
        ArrayNode posts = out.putArray("posts");
        o.posts().forEach(k -> posts.add(k.toString()));
        out.put("documentsDeleted", o.documentsDeleted());
        ctx.status(o.created() ? 201 : 200);
        write(ctx, out);
    }

    private void list(Context ctx) {
        admit(ctx, Role.Permission.ADMIN);
        if (!ctx.queryParamMap().isEmpty()) throw new InvalidParameterException(abbreviate(ctx.queryParamMap().keySet().iterator().next()), "unknown parameter");
        ObjectNode out = DocJson.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        for (Redaction r : privacy.list()) items.add(json(r));
        write(ctx, out);
    }

    /** Who asked, for the audit log: the key's id and, when it has one, its name. */
    private String who(Principal p) {
        String name = keys.list().stream().filter(k -> k.id().equals(p.id())).map(ApiKey::name).findFirst().orElse("");
        return "key:" + p.id() + (name.isBlank() ? "" : " (" + name + ")");
    }

    private JsonNode body(Context ctx) {
        String cl = ctx.header("Content-Length");
        if (cl != null) {
            try {
                if (Long.parseLong(cl.strip()) > maxBodyBytes) throw new HttpResponseException(413, "body over " + maxBodyBytes + " bytes");
            } catch (NumberFormatException e) {
                throw new InvalidParameterException("Content-Length", "not a number");
            }
        }
        return JsonBody.object(ctx.bodyAsBytes(), ctx.contentType(), maxBodyBytes);
    }

    /** The redaction a body asks for; every problem is a 400 naming the field. */
    Redaction parse(JsonNode body, String by) {
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            // an empty name ({"": 1}, found by RedactionRequestFuzzTest) must still be named in the error
            if (!FIELDS.contains(f)) throw new InvalidParameterException(f.isBlank() ? "(empty field name)" : abbreviate(f), "unknown field; allowed: key, author, host, reason");
        }
        JsonNode reason = body.get("reason");
        if (reason == null || !reason.isTextual() || reason.textValue().isBlank() || reason.textValue().length() > Redaction.MAX_REASON) {
            throw new InvalidParameterException("reason", "required string of 1 to " + Redaction.MAX_REASON + " characters");
        }
        int targets = 0;
        for (String f : List.of("key", "author", "host")) {
            JsonNode v = body.get(f);
            if (v == null) continue;
            if (!v.isTextual()) throw new InvalidParameterException(f, "must be a string");
            targets++;
        }
        if (targets != 1) throw new InvalidParameterException("key", "give exactly one of key (platform:postId), author (platform:account), host");
        try {
            if (body.has("key")) {
                return Redaction.ofKey(PostKey.parse(body.get("key").textValue().strip()), reason.textValue(), by, clock.instant(), "", List.of());
            }
            if (body.has("author")) return Redaction.ofAuthor(body.get("author").textValue(), reason.textValue(), by, clock.instant());
            return Redaction.ofHost(body.get("host").textValue(), reason.textValue(), by, clock.instant());
        } catch (IllegalArgumentException e) {
            String field = body.has("key") ? "key" : body.has("author") ? "author" : "host";
            throw new InvalidParameterException(field, abbreviate(e.getMessage()));
        }
    }

    /** Before the WARC route: a redacted post's records are withheld from all but admins (who get them from here). */
    private void withhold(Context ctx) throws IOException {
        PostKey key;
        try {
            key = PostKey.of(Platform.of(ctx.pathParam("platform")), ctx.pathParam("postId"));
        } catch (IllegalArgumentException e) {
            return;   // the route itself answers 400
        }
        if (!privacy.isRedacted(key)) return;
        Principal p = admit(ctx, Role.Permission.READ);
        if (!p.isAdmin()) {
            ObjectNode body = DocJson.MAPPER.createObjectNode();
            body.putObject("error").put("code", "withheld")
                    .put("message", "the archived records of " + key + " are withheld (redacted); only an admin may read them");
            ctx.status(451);
            write(ctx, body);
            ctx.skipRemainingHandlers();
            return;
        }
        int n;
        try {
            n = Integer.parseInt(ctx.pathParam("n"));
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("n", "must be a capture number from 1");
        }
        List<WarcRef> refs = privacy.keyRedaction(key).map(Redaction::withheldWarcs).orElse(List.of());
        if (n < 1 || n > refs.size() || refs.get(n - 1).file().isEmpty()) {
            throw new NotFoundException("no withheld WARC record " + n + " of redacted post " + key);
        }
        WarcRef ref = refs.get(n - 1);
        SearchService.WarcLocation at = new SearchService.WarcLocation(ref.file(), ref.offset(), ref.recordId());
        warcs.check(at);
        log.info("withheld WARC {} of redacted {} served to admin {}", ref.recordId(), key, p.id());
        ctx.status(200);
        ctx.contentType("application/warc");
        ctx.header("X-Afterimage-Withheld", "true");
        ctx.header("Content-Disposition", "attachment; filename=\"" + ref.recordId().replaceAll("[^A-Za-z0-9:_-]", "_") + ".warc\"");
        warcs.copy(at, ctx.outputStream());
        ctx.skipRemainingHandlers();
    }

    static ObjectNode json(Redaction r) {
        ObjectNode n = Json.MAPPER.valueToTree(r);
        n.put("target", r.target());
        return n;
    }

    private static void write(Context ctx, JsonNode body) {
        try {
            ctx.contentType("application/json").result(DocJson.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
