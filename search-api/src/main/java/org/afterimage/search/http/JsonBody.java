package org.afterimage.search.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.util.Locale;
import org.afterimage.model.json.Json;
import org.afterimage.search.service.InvalidParameterException;

/**
 * A request body that must be one JSON object (keys, subscriptions, redactions): 413 over the configured size,
 * 400 naming {@code Content-Type} or {@code body} otherwise. One reader, so every endpoint refuses alike.
 */
public final class JsonBody {
    private JsonBody() {
    }

    public static JsonNode object(byte[] raw, String contentType, long maxBytes) {
        if (raw.length > maxBytes) throw new HttpResponseException(413, "body over " + maxBytes + " bytes");
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new InvalidParameterException("Content-Type", "must be application/json");
        }
        if (raw.length == 0) throw new InvalidParameterException("body", "required: a JSON object");
        try {
            JsonNode n = Json.MAPPER.readTree(raw);
            if (n == null || !n.isObject()) throw new InvalidParameterException("body", "must be a JSON object");
            return n;
        } catch (IOException e) {
            String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new InvalidParameterException("body", "not valid JSON: " + (m.length() > 200 ? m.substring(0, 200) : m));
        }
    }
}
