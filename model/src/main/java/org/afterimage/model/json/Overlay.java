package org.afterimage.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Lays one configuration tree over another: the way every component's {@code <component>-defaults.yaml} is
 * combined with the user's {@code afterimage.yaml} section. Mappings merge key by key; anything else (scalars,
 * lists) in {@code over} replaces what {@code base} had. Neither argument is changed.
 */
public final class Overlay {
    private Overlay() {
    }

    public static JsonNode merge(JsonNode base, JsonNode over) {
        if (over == null || over.isMissingNode() || over.isNull()) return base;
        if (!(base instanceof ObjectNode b) || !(over instanceof ObjectNode o)) return over.deepCopy();
        ObjectNode out = b.deepCopy();
        o.properties().forEach(e -> out.set(e.getKey(), merge(b.get(e.getKey()), e.getValue())));
        return out;
    }
}
