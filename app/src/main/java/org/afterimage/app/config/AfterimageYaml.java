package org.afterimage.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The user's {@code afterimage.yaml}: top-level sections {@code crawler}, {@code detector} and {@code searchApi},
 * each with the same keys as that component's {@code <component>-defaults.yaml} and laid over it (absent keys keep
 * their defaults). The components validate their own keys and name the bad ones.
 */
public final class AfterimageYaml {
    public static final Set<String> SECTIONS = Set.of("crawler", "detector", "searchApi");
    private static final YAMLMapper YAML = new YAMLMapper();

    private final ObjectNode root;
    private final String source;

    private AfterimageYaml(ObjectNode root, String source) {
        this.root = root;
        this.source = source;
    }

    /** No file: every component runs on its defaults. */
    public static AfterimageYaml empty() {
        return new AfterimageYaml(YAML.createObjectNode(), "defaults");
    }

    /**
     * {@code explicit} when given (it must exist), else {@code ./afterimage.yaml} when present, else the defaults.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static AfterimageYaml load(Optional<Path> explicit) {
        Path file = explicit.orElse(Path.of("afterimage.yaml"));
        if (!Files.exists(file)) {
            if (explicit.isPresent()) throw new IllegalArgumentException("--config " + file + ": no such file");
            return empty();
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static AfterimageYaml parse(String yaml, String source) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) return new AfterimageYaml(YAML.createObjectNode(), source);
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException(source + ": expected sections " + SECTIONS + " at the top, got " + tree.getNodeType());
        }
        List<String> unknown = new ArrayList<>();
        object.fieldNames().forEachRemaining(n -> {
            if (!SECTIONS.contains(n)) unknown.add(n);
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(source + ": unknown section(s) " + unknown + "; allowed: crawler, detector, searchApi");
        }
        for (String s : SECTIONS) {
            JsonNode n = object.get(s);
            if (n != null && !n.isNull() && !n.isObject()) {
                throw new IllegalArgumentException(source + ": section '" + s + "' must be a mapping, got " + n.getNodeType());
            }
        }
        return new AfterimageYaml(object, source);
    }

    /** The YAML text of one section ({@code "{}"} when absent), to lay over that component's defaults. */
    public String section(String name) {
        if (!SECTIONS.contains(name)) throw new IllegalArgumentException("no section " + name);
        JsonNode n = root.path(name);
        if (n instanceof MissingNode || n.isNull()) return "{}";
        try {
            return YAML.writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Binds one section with its component's loader; a refusal names the file and the section, since the
     * component's own message names only the key inside it ("unknown config key 'schedule'").
     */
    public <T> T bind(String name, java.util.function.Function<String, T> fromYaml) {
        String yaml = section(name);
        try {
            return fromYaml.apply(yaml);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ", section " + name + ": " + e.getMessage(), e);
        }
    }

    /** Where this came from, for messages. */
    public String source() {
        return source;
    }
}
