package org.afterimage.crawler.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.afterimage.crawler.parse.Response;

/**
 * For the JSON platforms, on top of byte-level edits: the seed parsed as a tree and one value replaced with a value
 * of the wrong type (a string where an object was, an array for an id, a huge number for a date...). Byte edits
 * mostly break the syntax; this reaches the code that reads fields.
 */
abstract class JsonAdapterFuzzing extends AdapterFuzzing {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int REPLACEMENTS = 22;

    @Property
    void wrongTypesGiveResultsOrUnparseable(@ForAll("seed") int seed, @ForAll @IntRange(min = 0, max = 1_000_000) int node,
                                            @ForAll @IntRange(min = 0, max = REPLACEMENTS - 1) int replacement,
                                            @ForAll @IntRange(min = 0, max = 1_000_000) int secondNode,
                                            @ForAll @IntRange(min = 0, max = REPLACEMENTS - 1) int secondReplacement) {
        Response s = seeds.get(seed);
        JsonNode tree;
        try {
            tree = JSON.readTree(s.body());
        } catch (IOException e) {
            throw new UncheckedIOException("seed " + seed + " of " + target + " is not JSON", e);
        }
        tree = replace(tree, node, replacement);
        tree = replace(tree, secondNode, secondReplacement);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AdapterContract.holds(target, adapter, new Response(s.url(), s.status(), s.headers(), body, s.charset()));
    }

    /** The tree with its {@code pick}-th value (depth first, modulo the count) replaced. */
    static JsonNode replace(JsonNode root, int pick, int replacement) {
        JsonNode copy = root.deepCopy();
        List<JsonNode[]> slots = new ArrayList<>();   // {parent, index-or-name holder}
        List<Object> keys = new ArrayList<>();
        collect(copy, slots, keys);
        if (slots.isEmpty()) return value(replacement);
        int i = pick % slots.size();
        JsonNode parent = slots.get(i)[0];
        Object key = keys.get(i);
        if (parent instanceof ObjectNode o) o.set((String) key, value(replacement));
        else ((ArrayNode) parent).set((Integer) key, value(replacement));
        return copy;
    }

    private static void collect(JsonNode n, List<JsonNode[]> slots, List<Object> keys) {
        if (n instanceof ObjectNode o) {
            for (var it = o.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                slots.add(new JsonNode[] {o});
                keys.add(k);
                collect(o.get(k), slots, keys);
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new JsonNode[] {a});
                keys.add(i);
                collect(a.get(i), slots, keys);
            }
        }
    }

    static JsonNode value(int r) {
        return switch (r) {
            case 0 -> F.nullNode();
            case 1 -> F.textNode("");
            case 2 -> F.textNode("x");
            case 3 -> F.numberNode(0);
            case 4 -> F.numberNode(-1);
            case 5 -> F.numberNode(Long.MAX_VALUE);
            case 6 -> F.numberNode(1e308);
            case 7 -> F.numberNode(-1e308);
            case 8 -> F.numberNode(Double.MIN_VALUE);
            case 9 -> F.booleanNode(true);
            case 10 -> F.arrayNode();
            case 11 -> F.objectNode();
            case 12 -> F.arrayNode().add(F.objectNode()).add(F.nullNode());
            case 13 -> F.textNode("9".repeat(40));
            case 14 -> F.textNode("x".repeat(600));
            case 15 -> F.textNode("y".repeat(300_000));
            case 16 -> F.textNode("2024-13-45T99:99:99Z");
            case 17 -> F.textNode("+999999999-12-31T23:59:59Z");
            case 18 -> F.textNode("../../etc/passwd");
            case 19 -> F.textNode("<script>alert(1)</script>\u0000\ud800");
            case 20 -> F.objectNode().put("id", "1").put("text", "t");
            default -> F.textNode("t1_" + "a".repeat(20));
        };
    }
}
