package org.afterimage.search.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.auth.AuthException;
import org.afterimage.search.auth.Gatekeeper;
import org.afterimage.search.auth.Principal;
import org.afterimage.search.auth.Role;
import org.afterimage.search.http.JsonBody;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.service.FilterParser;
import org.afterimage.search.service.InvalidParameterException;
import org.afterimage.search.service.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /api/v1/subscriptions} routes. Every route needs the {@code subscribe} permission (roles
 * {@code subscriber} and {@code admin}); a subscription is visible only to the key that created it and to admins
 * (to anyone else it is a 404, so ids cannot be probed). {@code /stream} and {@code /feed.atom} also take the key as
 * a {@code key} query parameter, because browsers' {@code EventSource} and feed readers cannot set headers.
 */
final class AlertRoutes {
    private static final Logger log = LoggerFactory.getLogger(AlertRoutes.class);
    static final String BASE = "/api/v1/subscriptions";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SearchConfig config;
    private final SubscriptionStore store;
    private final AlertFeed feed;
    private final Optional<Deliverer> deliverer;
    private final Ssrf ssrf;
    private final FilterParser parser;
    private final InstantSource clock;
    private Gatekeeper gate;

    AlertRoutes(SearchConfig config, SubscriptionStore store, AlertFeed feed, Optional<Deliverer> deliverer, Ssrf ssrf,
                FilterParser parser, InstantSource clock) {
        this.config = config;
        this.store = store;
        this.feed = feed;
        this.deliverer = deliverer;
        this.ssrf = ssrf;
        this.parser = parser;
        this.clock = clock;
    }

    void register(JavalinConfig cfg, Gatekeeper gate) {
        this.gate = gate;
        cfg.routes.post(BASE, this::create);
        cfg.routes.get(BASE, this::list);
        cfg.routes.get(BASE + "/{id}", this::get);
        cfg.routes.delete(BASE + "/{id}", this::delete);
        cfg.routes.post(BASE + "/{id}/resume", this::resume);
        cfg.routes.get(BASE + "/{id}/stream", this::stream);
        cfg.routes.get(BASE + "/{id}/feed.atom", this::atom);
    }

    // ---- auth

    private Principal admit(Context ctx, boolean keyParamAllowed) {
        Optional<String> key = presentedKey(ctx);
        if (key.isEmpty() && keyParamAllowed) {
            String k = ctx.queryParam("key");
            if (k != null && !k.isBlank()) key = Optional.of(k.strip());
        }
        return gate.admit(key, ctx.ip(), Optional.of(Role.Permission.SUBSCRIBE));
    }

    private static Optional<String> presentedKey(Context ctx) {
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

    private SubscriptionStore.Entry owned(Context ctx, Principal p) {
        String id = ctx.pathParam("id");
        Optional<SubscriptionStore.Entry> e = store.get(id);
        if (e.isEmpty() || !(p.isAdmin() || e.get().subscription().owner().equals(p.id()))) {
            throw new NotFoundException("no subscription " + (id.length() > 60 ? id.substring(0, 60) : id));
        }
        return e.get();
    }

    // ---- handlers

    private void create(Context ctx) {
        Principal p = admit(ctx, false);
        noParams(ctx, Set.of());
        JsonNode body = body(ctx);
        boolean includeHidden = config.privacy().showDeletedByAuthor() || p.isAdmin();
        SubscriptionRequest req = SubscriptionRequest.parse(body, parser, ssrf, includeHidden);
        long owned = store.all().stream().filter(e -> e.subscription().owner().equals(p.id())).count();
        if (owned >= config.alerts().maxSubscriptionsPerKey()) {
            throw new InvalidParameterException("subscriptions", "this key has " + owned + " subscriptions, the most allowed ("
                    + "alerts.maxSubscriptionsPerKey); delete one first");
        }
        Subscription s = new Subscription(newId(), p.id(), req.name(), req.query(), includeHidden, req.webhook(), clock.instant(), 0);
        store.put(s);
        log.info("subscription {} created by key {} (webhook {})", s.id(), p.id(), s.webhook() == null ? "none" : host(s.webhook().url()));
        ctx.status(201);
        ctx.header("Location", BASE + "/" + s.id());
        json(ctx, view(store.get(s.id()).map(SubscriptionStore.Entry::subscription).orElse(s)));
    }

    private void list(Context ctx) {
        Principal p = admit(ctx, false);
        noParams(ctx, Set.of());
        ObjectNode out = DocJson.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        store.all().stream().map(SubscriptionStore.Entry::subscription)
                .filter(s -> p.isAdmin() || s.owner().equals(p.id()))
                .sorted(Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id))
                .forEach(s -> items.add(view(s)));
        json(ctx, out);
    }

    private void get(Context ctx) {
        Principal p = admit(ctx, false);
        noParams(ctx, Set.of());
        json(ctx, view(owned(ctx, p).subscription()));
    }

    private void delete(Context ctx) {
        Principal p = admit(ctx, false);
        noParams(ctx, Set.of());
        Subscription s = owned(ctx, p).subscription();
        store.delete(s.id());
        feed.forget(s.id());
        log.info("subscription {} deleted by key {}", s.id(), p.id());
        ctx.status(204);
    }

    private void resume(Context ctx) {
        Principal p = admit(ctx, false);
        noParams(ctx, Set.of());
        Subscription s = owned(ctx, p).subscription();
        Subscription r = s.resumed();
        store.put(r);
        log.info("subscription {} resumed by key {}", s.id(), p.id());
        json(ctx, view(r));
    }

    private void stream(Context ctx) throws IOException {
        Principal p = admit(ctx, true);
        noParams(ctx, Set.of("key", "lastEventId"));
        Subscription s = owned(ctx, p).subscription();
        String last = ctx.header("Last-Event-ID");
        if (last == null || last.isBlank()) last = ctx.queryParam("lastEventId");
        AlertFeed.Stream live = feed.open(s.id());   // before reading the history: nothing falls in between
        try {
            List<Alert> replay = new ArrayList<>();
            if (last != null && !last.isBlank()) {
                List<Alert> recent = feed.recent(s.id());
                int at = -1;
                for (int i = 0; i < recent.size(); i++) if (recent.get(i).alertId().equals(last.strip())) at = i;
                // unknown or too old: everything we still have (the client deduplicates by event id)
                replay.addAll(at >= 0 ? recent.subList(at + 1, recent.size()) : recent);
            }
            ctx.status(200);
            ctx.res().setContentType("text/event-stream;charset=utf-8");
            ctx.res().setHeader("Cache-Control", "no-cache");
            ctx.res().setHeader("X-Accel-Buffering", "no");
            OutputStream out = ctx.res().getOutputStream();
            write(out, "retry: 3000\n: subscription " + s.id() + "\n\n");
            Set<String> sent = new HashSet<>();
            for (Alert a : replay) {
                event(out, a);
                sent.add(a.alertId());
            }
            long heartbeat = TimeUnit.SECONDS.toNanos(config.alerts().feed().heartbeatSeconds());
            long lastWrite = System.nanoTime();
            while (feed.running() && store.get(s.id()).isPresent()) {
                Alert a = live.queue.poll(1, TimeUnit.SECONDS);
                if (live.overflowed) {
                    log.warn("SSE client of {} too slow; closing its stream", s.id());
                    return;
                }
                if (a != null) {
                    if (sent.remove(a.alertId())) continue;
                    event(out, a);
                    lastWrite = System.nanoTime();
                } else if (System.nanoTime() - lastWrite > heartbeat) {
                    write(out, ": keep-alive\n\n");
                    lastWrite = System.nanoTime();
                }
            }
        } catch (IOException e) {
            log.debug("SSE client of {} went away: {}", s.id(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            live.close();
        }
    }

    private static void event(OutputStream out, Alert a) throws IOException {
        // JSON has no raw newlines, so one data line carries the whole alert
        write(out, "id: " + a.alertId() + "\nevent: alert\ndata: " + new String(a.toJson(), StandardCharsets.UTF_8) + "\n\n");
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void atom(Context ctx) {
        Principal p = admit(ctx, true);
        noParams(ctx, Set.of("key"));
        Subscription s = owned(ctx, p).subscription();
        List<Alert> recent = new ArrayList<>(feed.recent(s.id()));
        java.util.Collections.reverse(recent);   // newest first, as feed readers expect
        ctx.contentType("application/atom+xml; charset=utf-8").result(atom(s, recent, ctx.path()));
    }

    static byte[] atom(Subscription s, List<Alert> newestFirst, String selfPath) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = XMLOutputFactory.newInstance().createXMLStreamWriter(buf, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("feed");
            w.writeDefaultNamespace("http://www.w3.org/2005/Atom");
            text(w, "id", "urn:afterimage:subscription:" + s.id());
            text(w, "title", "Afterimage alerts: " + (s.name().isEmpty() ? s.id() : s.name()));
            Instant updated = newestFirst.isEmpty() ? s.createdAt() : newestFirst.get(0).matchedAt();
            text(w, "updated", updated.toString());
            w.writeEmptyElement("link");
            w.writeAttribute("rel", "self");
            w.writeAttribute("href", selfPath);
            w.writeStartElement("author");
            text(w, "name", "Afterimage");
            w.writeEndElement();
            for (Alert a : newestFirst) {
                w.writeStartElement("entry");
                text(w, "id", "urn:afterimage:alert:" + a.alertId());
                text(w, "title", title(a));
                text(w, "updated", a.matchedAt().toString());
                text(w, "published", a.producedAt().toString());
                String url = a.post().path("url").asText("");
                if (url.startsWith("http://") || url.startsWith("https://")) {
                    w.writeEmptyElement("link");
                    w.writeAttribute("rel", "alternate");
                    w.writeAttribute("href", clean(url));
                }
                text(w, "summary", a.post().path("text").asText(""));
                w.writeStartElement("content");
                w.writeAttribute("type", "application/json");
                w.writeCharacters(clean(new String(a.toJson(), StandardCharsets.UTF_8)));
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Atom feed of " + s.id() + ": " + e.getMessage(), e);
        }
        return buf.toByteArray();
    }

    private static String title(Alert a) {
        String type = a.event().path("type").asText("event");
        String reason = a.event().path("reason").asText("");
        return type + (reason.isEmpty() ? "" : " (" + reason + ")") + ": " + a.post().path("key").asText(a.subscriptionId());
    }

    private static void text(XMLStreamWriter w, String el, String text) throws XMLStreamException {
        w.writeStartElement(el);
        w.writeCharacters(clean(text));
        w.writeEndElement();
    }

    /** Drops characters XML 1.0 cannot carry (control characters from scraped text). */
    static String clean(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                    || Character.isSurrogate(c);
            if (!ok && b == null) b = new StringBuilder(s.substring(0, i));
            if (b != null && ok) b.append(c);
        }
        return b == null ? s : b.toString();
    }

    // ---- views

    Optional<DeliveryState> state(String id) {
        Optional<DeliveryState> local = deliverer.flatMap(d -> d.localState(id));
        return local.isPresent() ? local : store.state(id);
    }

    private ObjectNode view(Subscription s) {
        ObjectNode n = DocJson.MAPPER.createObjectNode();
        n.put("id", s.id());
        n.put("name", s.name());
        n.put("owner", s.owner());
        ObjectNode q = n.putObject("query");
        s.query().forEach((k, v) -> {
            if (v.size() == 1) q.put(k, v.get(0));
            else v.forEach(q.putArray(k)::add);
        });
        ObjectNode d = n.putObject("delivery");
        if (s.webhook() != null) d.putObject("webhook").put("url", s.webhook().url()).put("secretSet", true);
        n.put("createdAt", s.createdAt().toString());
        ObjectNode links = n.putObject("links");
        links.put("self", BASE + "/" + s.id());
        links.put("stream", BASE + "/" + s.id() + "/stream");
        links.put("feed", BASE + "/" + s.id() + "/feed.atom");
        ObjectNode st = n.putObject("state");
        if (s.webhook() == null) {
            st.put("status", DeliveryState.ACTIVE);
            st.put("webhook", false);
        } else {
            DeliveryState ds = state(s.id()).orElse(DeliveryState.initial(s.id(), s.resumeGeneration()));
            // a resume written but not yet seen by the deliverer still shows as paused: it is, until it is seen
            st.put("status", ds.status());
            st.put("webhook", true);
            if (ds.lastSuccess() != null) st.put("lastSuccess", ds.lastSuccess().toString());
            else st.putNull("lastSuccess");
            if (ds.lastError() != null) {
                st.put("lastError", ds.lastError());
                st.put("lastErrorAt", ds.lastErrorAt() == null ? null : ds.lastErrorAt().toString());
            } else {
                st.putNull("lastError");
            }
            st.put("backlog", ds.backlog());
            st.put("delivered", ds.delivered());
            st.put("failedAttempts", ds.failedAttempts());
            st.put("consecutiveFailures", ds.consecutiveFailures());
        }
        return n;
    }

    // ---- helpers

    private JsonNode body(Context ctx) {
        return JsonBody.object(ctx.bodyAsBytes(), ctx.contentType(), config.http().maxBodyBytes());
    }

    private static void noParams(Context ctx, Set<String> allowed) {
        for (String k : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(k)) throw new InvalidParameterException(abbreviate(k), "unknown parameter");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    private static String host(String url) {
        try {
            return java.net.URI.create(url).getHost();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static String newId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return "sub_" + java.util.HexFormat.of().formatHex(b);
    }

    static void json(Context ctx, JsonNode body) {
        try {
            ctx.contentType("application/json").result(DocJson.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
