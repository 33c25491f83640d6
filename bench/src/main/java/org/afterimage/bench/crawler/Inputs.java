package org.afterimage.bench.crawler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real fixtures, read from {@code -Dafterimage.fixtures=DIR} (default {@code ../shared/fixtures}, where CI keeps
 * shared/ beside the clone, then {@code /work/shared/fixtures}).
 */
final class Inputs {
    private Inputs() {
    }

    static Path dir() {
        String p = System.getProperty("afterimage.fixtures");
        if (p != null) return Path.of(p);
        for (String c : new String[] {"../shared/fixtures", "../../shared/fixtures", "/work/shared/fixtures"}) {
            if (Files.isDirectory(Path.of(c))) return Path.of(c);
        }
        throw new IllegalStateException("fixtures not found: pass -Dafterimage.fixtures=DIR");
    }

    static byte[] file(String rel) {
        try {
            return Files.readAllBytes(dir().resolve(rel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The response body of the {@code nth} exchange whose URI contains {@code uriContains}, from a cassette. */
    static byte[] cassetteBody(String rel, String method, String uriContains, int nth) {
        try {
            ObjectMapper m = rel.endsWith(".yaml") ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
            int seen = 0;
            for (JsonNode i : m.readTree(file(rel)).get("interactions")) {
                if (i.get("request").get("method").asText().equals(method) && i.get("request").get("uri").asText().contains(uriContains) && seen++ == nth) {
                    return i.get("response").get("body").get("string").asText().getBytes(StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no exchange " + uriContains + " in " + rel);
    }
}
