package org.afterimage.crawler.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Jackson trees for platforms' JSON (not our own records: those go through {@code model.json}). Limits stop hostile
 * documents: Reddit comment trees nest deeply, so depth is generous, but bounded. Public for the platform sub-packages
 * only, not part of the crawler's API.
 */
public final class PlatformJson {
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(400).maxStringLength(16 << 20).maxNumberLength(64).build())
            .build());

    private PlatformJson() {
    }

    public static JsonNode read(byte[] body) throws UnparseableException {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || n.isMissingNode()) throw new UnparseableException("empty body");
            return n;
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new UnparseableException("not JSON: " + e.getOriginalMessage(), line);
        } catch (IOException e) {
            throw new UnparseableException("not JSON: " + e.getMessage());
        }
    }

    /** A text field, or {@code null} when missing, null or not a scalar. */
    public static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    public static Instant instant(JsonNode n, String field) {
        String s = text(n, field);
        if (s == null || s.isBlank()) return null;
        Instant fast = Dates.utc(s);
        if (fast != null) return fast;
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Seconds since the epoch (Reddit's {@code created_utc}, WeChat's {@code ct}). */
    public static Instant epochSeconds(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) return null;
        return Instant.ofEpochMilli(Math.round(v.asDouble() * 1000));
    }
}
