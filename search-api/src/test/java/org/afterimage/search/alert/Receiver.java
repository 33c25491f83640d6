package org.afterimage.search.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.afterimage.search.index.DocJson;

/**
 * A webhook receiver on loopback (JDK HttpServer): verifies every signature, records each delivery with its arrival
 * time, counts deliveries per idempotency key, and can be stopped and started again on the same port.
 */
final class Receiver implements AutoCloseable {
    record Delivery(String alertId, JsonNode body, long receivedAtMillis, boolean signatureOk, String idempotencyKey) {
    }

    final String secret;
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> perKey = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    volatile String redirectTo;
    private HttpServer server;
    private int port;

    Receiver(String secret) {
        this.secret = secret;
    }

    Receiver start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                if (redirectTo != null) {
                    ex.getResponseHeaders().add("Location", redirectTo);
                    ex.sendResponseHeaders(302, -1);
                    return;
                }
                long now = System.currentTimeMillis();
                String sig = ex.getRequestHeaders().getFirst(WebhookSignature.HEADER);
                boolean ok = WebhookSignature.verify(sig, secret, body, now / 1000, 300);
                JsonNode json = DocJson.MAPPER.readTree(body);
                String id = json.path("alertId").asText();
                deliveries.add(new Delivery(id, json, now, ok, ex.getRequestHeaders().getFirst("Idempotency-Key")));
                perKey.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                ex.sendResponseHeaders(ok ? 204 : 401, -1);
            }
        });
        server.start();
        port = server.getAddress().getPort();
        return this;
    }

    void stop() {
        server.stop(0);
    }

    int port() {
        return port;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        if (server != null) server.stop(0);
    }
}
