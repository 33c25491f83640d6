package org.afterimage.k8s;

import com.fasterxml.jackson.databind.JsonNode;

/** One object of a rendered overlay: its identity, the strictly typed model, and the raw tree it came from. */
record Rendered(String apiVersion, String kind, String name, Object model, JsonNode raw) {

    <T> T as(Class<T> type) {
        if (!type.isInstance(model)) {
            throw new AssertionError(this + " is a " + model.getClass().getName() + ", not a " + type.getName());
        }
        return type.cast(model);
    }

    @Override
    public String toString() {
        return apiVersion + " " + kind + " " + name;
    }
}
