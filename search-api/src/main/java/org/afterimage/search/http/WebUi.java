package org.afterimage.search.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The browser UI: a fixed set of static files from {@code /web} on the class path (plain HTML, ES modules, CSS; no
 * build step), served without an API key under {@code /}. The pages fetch their data from {@code /api/v1} with the
 * key the user typed, kept in {@code sessionStorage} and sent as the {@code X-API-Key} header.
 *
 * <p>Why explicit routes rather than Javalin's static-file handler: the set of files is the contract (nothing else on
 * the class path can be served by accident), each response carries the security headers below, and a path that is
 * not a UI file falls through to the API's JSON 404.
 *
 * <p>Archived text is hostile HTML: the scripts insert data only through {@code textContent} and DOM APIs, and the
 * Content-Security-Policy forbids inline scripts, inline styles, plugins, framing and foreign origins, so an injected
 * {@code <script>} or {@code onerror=} could not run even if a bug let one into the page.
 *
 * <p>CSRF: the API authenticates by a header the page sets explicitly; there is no cookie or other ambient
 * credential, so a foreign site cannot make a browser send an authenticated state-changing request. (The SSE stream
 * takes the key as a query parameter because {@code EventSource} cannot set headers; it is a read, and
 * {@code Referrer-Policy: no-referrer} keeps that URL from leaking to other sites.)
 */
public final class WebUi {
    /** The Content-Security-Policy of every UI response. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /** Every file of the UI, relative to {@code /web} on the class path. */
    static final List<String> FILES = List.of(
            "index.html", "post.html", "stats.html", "subscriptions.html", "app.css", "favicon.svg",
            "js/api.js", "js/dom.js", "js/filters.js", "js/charts.js",
            "js/search.js", "js/post.js", "js/stats.js", "js/subscriptions.js");

    private final Map<String, Asset> assets;

    record Asset(String contentType, byte[] body) {
    }

    /** Loads every UI file now, so a missing file fails the server start instead of a page load. */
    public WebUi() {
        Map<String, Asset> m = new LinkedHashMap<>();
        for (String f : FILES) {
            try (InputStream in = WebUi.class.getResourceAsStream("/web/" + f)) {
                if (in == null) throw new IllegalStateException("web UI file /web/" + f + " missing from the class path");
                m.put("/" + f, new Asset(contentType(f), in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        m.put("/", m.get("/index.html"));
        this.assets = Map.copyOf(m);
    }

    /** Registers one GET route per file (and {@code /} for the search page). */
    public void register(JavalinConfig cfg) {
        for (var e : assets.entrySet()) {
            Asset a = e.getValue();
            cfg.routes.get(e.getKey(), ctx -> serve(ctx, a));
        }
    }

    private static void serve(Context ctx, Asset a) {
        securityHeaders(ctx);
        // the pages are small and change with each release: always revalidate rather than run a stale script
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(a.contentType()).result(a.body());
    }

    static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    }

    static String contentType(String file) {
        int dot = file.lastIndexOf('.');
        String ext = dot < 0 ? "" : file.substring(dot + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalArgumentException("no content type for UI file " + file);
        };
    }
}
