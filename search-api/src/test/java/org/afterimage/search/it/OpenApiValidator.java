package org.afterimage.search.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a JSON value against a schema of the served OpenAPI document: $ref, allOf, type, required, properties,
 * items, enum, nullable, additionalProperties. Enough to catch a response drifting from its description.
 */
final class OpenApiValidator {
    private final JsonNode doc;

    OpenApiValidator(JsonNode doc) {
        this.doc = doc;
    }

    /** The schema of the JSON body of {@code status} for {@code method path}. */
    JsonNode responseSchema(String path, String method, int status) {
        JsonNode r = doc.path("paths").path(path).path(method).path("responses").path(String.valueOf(status));
        if (r.isMissingNode()) throw new AssertionError("openapi.json has no " + status + " response for " + method + " " + path);
        r = resolve(r);
        return r.path("content").path("application/json").path("schema");
    }

    List<String> validate(JsonNode value, JsonNode schema) {
        List<String> errors = new ArrayList<>();
        check(value, schema, "$", errors);
        return errors;
    }

    private JsonNode resolve(JsonNode s) {
        while (s.has("$ref")) {
            String ref = s.get("$ref").asText();
            JsonNode n = doc;
            for (String part : ref.substring(2).split("/")) n = n.path(part);
            if (n.isMissingNode()) throw new AssertionError("dangling $ref " + ref);
            s = n;
        }
        return s;
    }

    private void check(JsonNode v, JsonNode rawSchema, String at, List<String> errors) {
        if (rawSchema == null || rawSchema.isMissingNode()) return;
        JsonNode schema = resolve(rawSchema);
        if (schema.has("allOf")) for (JsonNode s : schema.get("allOf")) check(v, s, at, errors);
        if (v.isNull()) {
            if (!schema.path("nullable").asBoolean(false) && schema.has("type")) errors.add(at + ": null but not nullable");
            return;
        }
        String type = schema.path("type").asText("");
        boolean ok = switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            default -> true;
        };
        if (!ok) {
            errors.add(at + ": expected " + type + ", got " + v.getNodeType());
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) found |= e.equals(v);
            if (!found) errors.add(at + ": " + v + " not in " + schema.get("enum"));
        }
        if (v.isObject()) {
            for (JsonNode r : schema.path("required")) if (!v.has(r.asText())) errors.add(at + ": missing required " + r.asText());
            JsonNode props = schema.path("properties");
            v.properties().forEach(e -> {
                if (props.has(e.getKey())) check(e.getValue(), props.get(e.getKey()), at + "." + e.getKey(), errors);
                else if (schema.has("additionalProperties")) check(e.getValue(), schema.get("additionalProperties"), at + "." + e.getKey(), errors);
            });
        }
        if (v.isArray() && schema.has("items")) {
            for (int i = 0; i < v.size(); i++) check(v.get(i), schema.get("items"), at + "[" + i + "]", errors);
        }
    }
}
