package org.afterimage.search.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.afterimage.search.http.WebUi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The UI over real HTTP (Javalin on a free port): security headers, content types, only the UI's files. */
class WebUiTest {
    static final Map<String, String> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("/", "text/html; charset=utf-8");
        TYPES.put("/index.html", "text/html; charset=utf-8");
        TYPES.put("/post.html", "text/html; charset=utf-8");
        TYPES.put("/stats.html", "text/html; charset=utf-8");
        TYPES.put("/subscriptions.html", "text/html; charset=utf-8");
        TYPES.put("/app.css", "text/css; charset=utf-8");
        TYPES.put("/favicon.svg", "image/svg+xml");
        for (String js : List.of("api", "dom", "filters", "charts", "search", "post", "stats", "subscriptions")) {
            TYPES.put("/js/" + js + ".js", "text/javascript; charset=utf-8");
        }
    }

    static Javalin web;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        WebUi ui = new WebUi();
        web = Javalin.create(cfg -> {
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            cfg.startup.showJavalinBanner = false;
            ui.register(cfg);
        }).start();
    }

    @AfterAll
    static void stop() {
        web.stop();
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void everyFileIsServedWithItsContentTypeAndTheSecurityHeaders() throws Exception {
        for (var e : TYPES.entrySet()) {
            HttpResponse<String> r = get(e.getKey());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
            // Jetty writes "text/html;charset=utf-8": compare without the optional space
            assertThat(r.headers().firstValue("Content-Type").map(t -> t.replace(" ", ""))).as(e.getKey())
                    .hasValue(e.getValue().replace(" ", ""));
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(e.getKey()).hasValue(
                    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
                            + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(e.getKey()).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(e.getKey()).hasValue("no-referrer");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(e.getKey()).hasValue("DENY");
            assertThat(r.headers().firstValue("Set-Cookie")).as(e.getKey()).isEmpty();
            assertThat(r.body()).as(e.getKey()).isNotBlank();
        }
        assertThat(get("/").body()).isEqualTo(get("/index.html").body());
    }

    @Test
    void nothingOutsideTheUiFilesIsServed() throws Exception {
        for (String p : List.of("/web/index.html", "/js/", "/js/nope.js", "/../pom.xml", "/%2e%2e/web/index.html",
                "/search-api-defaults.yaml", "/org/afterimage/search/http/openapi.json", "/index.html/..", "/INDEX.HTML",
                "/logback.xml", "/js/..%2fapi.js")) {
            HttpResponse<String> r = get(p);
            assertThat(r.statusCode()).as(p).isIn(400, 404);
        }
    }

    @Test
    void onlyGetServesTheFiles() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/index.html"))
                    .method(method, HttpRequest.BodyPublishers.ofString("<script>x</script>")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method).isIn(404, 405);
            assertThat(r.body()).as(method).doesNotContain("<script");
        }
    }

    @Test
    void pagesLoadOnlyScriptsAndStylesTheUiServes() throws Exception {
        Pattern ref = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
        for (String page : List.of("index.html", "post.html", "stats.html", "subscriptions.html")) {
            String html = resource(page);
            Matcher m = ref.matcher(html);
            while (m.find()) {
                String target = m.group(1);
                assertThat(TYPES).as(page + " -> " + target).containsKey("/" + target.replaceFirst("^/", ""));
            }
        }
    }

    /**
     * The rules that keep hostile archived text inert, checked on the source: no inline script or handler, no inline
     * style, no HTML sink for data, no eval, no foreign origin.
     */
    @Test
    void uiSourceHasNoInlineScriptsHandlersStylesOrHtmlSinks() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String f : TYPES.keySet()) {
            if (f.equals("/")) continue;
            String s = resource(f.substring(1));
            if (f.endsWith(".html")) {
                if (Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(s).find()) problems.add(f + ": inline <script>");
                if (Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(s).find()) problems.add(f + ": inline event handler");
                if (Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE).matcher(s).find()) problems.add(f + ": inline style");
                if (s.contains("<style")) problems.add(f + ": <style> element");
            }
            if (f.endsWith(".js")) {
                for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                        "new Function", "setTimeout('", "setAttribute('on", ".style.", "createContextualFragment")) {
                    if (s.contains(sink)) problems.add(f + ": uses " + sink);
                }
            }
            if (Pattern.compile("(?:src|href)=\"(?:https?:)?//", Pattern.CASE_INSENSITIVE).matcher(s).find()
                    || s.contains("import('http") || Pattern.compile("from\\s+'https?:").matcher(s).find()) {
                problems.add(f + ": loads from another origin");
            }
        }
        assertThat(problems).isEmpty();
    }

    static String resource(String name) throws IOException {
        try (InputStream in = WebUi.class.getResourceAsStream("/web/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
