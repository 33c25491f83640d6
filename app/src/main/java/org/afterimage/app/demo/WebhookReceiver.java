package org.afterimage.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.afterimage.search.alert.WebhookSignature;

/**
 * The demo subscription's webhook target on loopback: checks {@code X-Afterimage-Signature}
 * ({@code t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}), prints each alert and keeps it for tests.
 */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String secret;
    private final PrintStream out;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private volatile int rejected;

    WebhookReceiver(String secret, PrintStream out) throws IOException {
        this.secret = secret;
        this.out = out;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/alerts", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    List<JsonNode> received() {
        return List.copyOf(received);
    }

    int rejected() {
        return rejected;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readNBytes(1 << 20);
            String sig = ex.getRequestHeaders().getFirst("X-Afterimage-Signature");
            if (!"POST".equals(ex.getRequestMethod()) || !valid(sig, body)) {
                rejected++;
                ex.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode alert;
            try {
                alert = JSON.readTree(body);
            } catch (IOException e) {
                rejected++;
                ex.sendResponseHeaders(400, -1);
                return;
            }
            received.add(alert);
            JsonNode ev = alert.path("event");
            out.printf("[alert] %s %s %s p=%.2f  %s%n", ev.path("type").asText("?"), ev.path("reason").asText(""),
                    ev.path("key").asText(alert.path("post").path("key").asText("?")), ev.path("probability").asDouble(),
                    abbreviate(alert.path("post").path("text").asText("")));
            ex.sendResponseHeaders(204, -1);
        }
    }

    /** The search API's own verification: signature over {@code t.body}, within 5 minutes of now (replays refused). */
    private boolean valid(String header, byte[] body) {
        return WebhookSignature.verify(header, secret, body, java.time.Instant.now().getEpochSecond(), 300);
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 40 ? one.substring(0, 40) + "…" : one;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
