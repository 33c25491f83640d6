package org.afterimage.crawler.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Real fixtures from src/test/resources/fixtures, and the exchanges inside recorded cassettes (VCR YAML, betamax JSON). */
public final class Fixtures {
    private Fixtures() {
    }

    public static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Response page(String path, String url) {
        return new Response(url, 200, Map.of(), bytes(path), null);
    }

    /** One recorded request/response. */
    public record Exchange(String method, String uri, int status, Map<String, List<String>> headers, byte[] body) {
        public Response response() {
            return new Response(uri, status, headers, body, StandardCharsets.UTF_8);
        }
    }

    /** Every exchange of a cassette: Mastodon.py's VCR YAML or PRAW's betamax JSON. */
    public static List<Exchange> cassette(String path) {
        try {
            ObjectMapper m = path.endsWith(".yaml") ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
            JsonNode root = m.readTree(bytes(path));
            List<Exchange> out = new ArrayList<>();
            for (JsonNode i : root.get("interactions")) {
                JsonNode req = i.get("request");
                JsonNode resp = i.get("response");
                JsonNode status = resp.get("status");
                int code = status.has("code") ? status.get("code").asInt() : status.asInt();
                Map<String, List<String>> headers = new LinkedHashMap<>();
                resp.path("headers").fields().forEachRemaining(e -> {
                    List<String> vs = new ArrayList<>();
                    if (e.getValue().isArray()) e.getValue().forEach(v -> vs.add(v.asText()));
                    else vs.add(e.getValue().asText());
                    headers.put(e.getKey(), vs);
                });
                String body = resp.path("body").path("string").asText("");
                out.add(new Exchange(req.get("method").asText(), req.get("uri").asText(), code, headers, body.getBytes(StandardCharsets.UTF_8)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Exchange exchange(String path, String method, String uriContains, int nth) {
        int seen = 0;
        for (Exchange e : cassette(path)) {
            if (e.method().equals(method) && e.uri().contains(uriContains) && seen++ == nth) return e;
        }
        throw new IllegalArgumentException("no " + method + " " + uriContains + " #" + nth + " in " + path);
    }

    /** The single post of a result, failing the test when there are more or none. */
    public static ParsedPost only(List<ParsedPost> posts) {
        assertThat(posts).hasSize(1);
        return posts.get(0);
    }
}
