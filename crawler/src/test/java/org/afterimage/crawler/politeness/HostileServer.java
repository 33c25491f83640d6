package org.afterimage.crawler.politeness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/** A real HTTP server on loopback with one route per behaviour a crawler meets in the wild. */
public final class HostileServer implements AutoCloseable {
    public static final String TELEGRAM_POST = """
            <html><body><div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="durov/1">
            <a class="tgme_widget_message_owner_name"><span>Durov</span></a>
            <div class="tgme_widget_message_text">Привет, мир</div>
            <a class="tgme_widget_message_date"><time datetime="2024-01-01T00:00:00+00:00"></time></a></div></div></body></html>""";

    public static final String FEED = """
            <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Local</title>
            <item><title>One</title><link>https://blog.example/1</link><guid>https://blog.example/1</guid><description>first post</description></item>
            <item><title>Two</title><link>https://blog.example/2</link><guid>https://blog.example/2</guid><description>second post</description></item>
            </channel></rss>""";

    private final HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private volatile String robots = "User-agent: *\nDisallow: /private/\n";

    public HostileServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    public void robots(String text) {
        robots = text;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try (ex) {
            switch (path) {
                case "/robots.txt" -> send(ex, 200, "text/plain", robots.getBytes(StandardCharsets.UTF_8));
                case "/ok", "/private/secret", "/t/durov/1" -> send(ex, 200, "text/html; charset=utf-8", TELEGRAM_POST.getBytes(StandardCharsets.UTF_8));
                case "/ua" -> send(ex, 200, "text/plain", ex.getRequestHeaders().getFirst("User-Agent").getBytes(StandardCharsets.UTF_8));
                case "/slow" -> {
                    // slow drip: a byte every 100 ms, forever
                    ex.sendResponseHeaders(200, 0);
                    OutputStream out = ex.getResponseBody();
                    for (int i = 0; i < 100_000; i++) {
                        out.write('a');
                        out.flush();
                        sleep(100);
                    }
                }
                case "/stall" -> {
                    ex.sendResponseHeaders(200, 0);
                    ex.getResponseBody().flush();
                    sleep(60_000);
                }
                case "/huge" -> {
                    // 64 MiB streamed, never held in memory here
                    ex.getResponseHeaders().set("Content-Type", "text/html");
                    ex.sendResponseHeaders(200, 64L << 20);
                    byte[] chunk = new byte[64 << 10];
                    java.util.Arrays.fill(chunk, (byte) 'x');
                    OutputStream out = ex.getResponseBody();
                    for (int i = 0; i < 1024; i++) out.write(chunk);
                }
                case "/loop-a" -> redirect(ex, "/loop-b");
                case "/loop-b" -> redirect(ex, "/loop-a");
                case "/to-private" -> redirect(ex, "/private/secret");
                case "/to-optout" -> redirect(ex, "http://localhost:" + port() + "/ok");
                case "/429" -> {
                    ex.getResponseHeaders().set("Retry-After", "0");
                    send(ex, 429, "text/plain", "slow down".getBytes(StandardCharsets.UTF_8));
                }
                case "/429-long" -> {
                    ex.getResponseHeaders().set("Retry-After", "3600");
                    send(ex, 429, "text/plain", "slow down".getBytes(StandardCharsets.UTF_8));
                }
                case "/500", "/dead/1", "/dead/2", "/dead/3", "/dead/4", "/dead/5", "/dead/6" -> send(ex, 500, "text/plain", "oops".getBytes(StandardCharsets.UTF_8));
                case "/wrong-charset" -> send(ex, 200, "text/html; charset=iso-8859-1",
                        TELEGRAM_POST.getBytes(StandardCharsets.UTF_8));
                case "/no-charset" -> send(ex, 200, "text/html", TELEGRAM_POST.replace("Привет, мир", "你好，世界").getBytes(Charset.forName("GBK")));
                case "/gzip" -> {
                    ex.getResponseHeaders().set("Content-Encoding", "gzip");
                    send(ex, 200, "text/html; charset=utf-8", gzip(TELEGRAM_POST.getBytes(StandardCharsets.UTF_8)));
                }
                case "/gzip-bomb" -> {
                    ex.getResponseHeaders().set("Content-Encoding", "gzip");
                    send(ex, 200, "text/html", BOMB);
                }
                case "/bad-gzip" -> {
                    ex.getResponseHeaders().set("Content-Encoding", "gzip");
                    send(ex, 200, "text/html", "not gzip at all".getBytes(StandardCharsets.UTF_8));
                }
                case "/invalid-html" -> send(ex, 200, "text/html", "<<<>>><div class=\"tgme_widget_message\" data-post=\"\u0000\"><script>".getBytes(StandardCharsets.UTF_8));
                case "/login" -> send(ex, 200, "text/html", "<html><head><title>Log in</title></head><body><form action=\"/login\"><input type=\"password\"></form></body></html>".getBytes(StandardCharsets.UTF_8));
                case "/feed.xml" -> send(ex, 200, "application/rss+xml; charset=utf-8", FEED.getBytes(StandardCharsets.UTF_8));
                case "/404" -> send(ex, 404, "text/html", "<html><body>Not found</body></html>".getBytes(StandardCharsets.UTF_8));
                default -> send(ex, 404, "text/plain", new byte[0]);
            }
        } catch (IOException e) {
            // the client hung up (timeouts, size limits): expected for hostile routes
        }
    }

    private static final byte[] BOMB = gzip(new byte[64 << 20]);   // 64 MiB of zeros, ~64 KiB on the wire

    private static byte[] gzip(byte[] in) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(b)) {
                g.write(in);
            }
            return b.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void redirect(HttpExchange ex, String to) throws IOException {
        ex.getResponseHeaders().set("Location", to);
        ex.sendResponseHeaders(302, -1);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) ex.getResponseBody().write(body);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
