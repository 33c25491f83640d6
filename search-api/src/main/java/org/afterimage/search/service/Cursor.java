package org.afterimage.search.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.afterimage.search.index.DocJson;

/**
 * An opaque {@code next} token: the sort values of the last hit ({@code search_after}) and the fingerprint of the
 * query it belongs to. Base64url JSON; decoding is strict and bounded because it comes from the client.
 */
public record Cursor(String fingerprint, List<Object> after) {
    static final int MAX_LENGTH = 2048;

    public Cursor {
        after = List.copyOf(after);
    }

    public String encode() {
        ObjectNode n = DocJson.MAPPER.createObjectNode();
        n.put("f", fingerprint);
        ArrayNode a = n.putArray("a");
        for (Object o : after) {
            switch (o) {
                case Long l -> a.add(l);
                case Double d -> a.add(d);
                case String s -> a.add(s);
                default -> a.add(String.valueOf(o));
            }
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(DocJson.MAPPER.writeValueAsBytes(n));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws InvalidParameterException naming {@code cursor} for anything this build did not write */
    public static Cursor decode(String token) {
        if (token.length() > MAX_LENGTH) throw new InvalidParameterException("cursor", "longer than " + MAX_LENGTH + " characters");
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token.strip());
            JsonNode n = DocJson.MAPPER.readTree(new String(raw, StandardCharsets.UTF_8));
            if (n == null || !n.isObject() || !n.path("f").isTextual() || !n.path("a").isArray()
                    || n.path("a").isEmpty() || n.path("a").size() > 4) {
                throw new InvalidParameterException("cursor", "not a cursor returned by this API");
            }
            List<Object> after = new ArrayList<>();
            for (JsonNode v : n.get("a")) {
                if (v.isIntegralNumber() && v.canConvertToLong()) after.add(v.longValue());
                else if (v.isNumber()) after.add(v.doubleValue());
                else if (v.isTextual() && v.textValue().length() <= 1024) after.add(v.textValue());
                else throw new InvalidParameterException("cursor", "not a cursor returned by this API");
            }
            return new Cursor(n.get("f").textValue(), after);
        } catch (IllegalArgumentException | IOException e) {
            if (e instanceof InvalidParameterException ipe) throw ipe;
            throw new InvalidParameterException("cursor", "not a cursor returned by this API");
        }
    }
}
