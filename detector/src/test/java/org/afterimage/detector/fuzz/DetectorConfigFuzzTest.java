package org.afterimage.detector.fuzz;

import org.afterimage.testkit.fuzz.Bounded;
import org.afterimage.testkit.fuzz.Mutation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.afterimage.detector.DetectorConfig;

/**
 * {@code DetectorConfig.fromYaml}: any text gives a config or an {@link IllegalArgumentException} whose message names the
 * bad key or the problem; never another exception, a stack overflow or a heap blow-up. Keys are every path of the
 * shipped defaults (detector-defaults.yaml), plus unknown ones; values are of every wrong shape.
 */
class DetectorConfigFuzzTest {
    static final String DEFAULTS = defaults();
    static final List<String> KEYS = keys();
    static final List<String> VALUES = List.of("null", "~", "\"\"", "-1", "0", "1", "99999999999999999999999", "1e400", ".nan", "-.inf",
            "PT-1S", "PT0S", "P999999999999D", "-5m", "0ms", "99999999999d", "1x", "5 m", "[1, 2]", "{x: 1}", "{}", "[]", "true", "x",
            "'\\x00'", "\"\\ud800\"", "!!binary AAAA", "!!int x", "&a [*a]", "*undefined", "[null]", "[[]]", "{a: null}",
            "? [a]\n  : b", "|\n  multi\n  line", "http://[::1", "\"http://127.0.0.1:0/\"", "-9223372036854775808", "2147483648");

    private static String defaults() {
        try (InputStream in = DetectorConfig.class.getResourceAsStream("/detector-defaults.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every path of the defaults tree (sections and leaves), plus keys that do not exist. */
    private static List<String> keys() {
        List<String> out = new ArrayList<>(List.of("nope", "a.b.c"));
        try {
            collect(new YAMLMapper().readTree(DEFAULTS), "", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    private static void collect(JsonNode n, String path, List<String> out) {
        if (!n.isObject()) return;
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            String p = path.isEmpty() ? k : path + "." + k;
            out.add(p);
            out.add(p + ".nope");
            collect(n.get(k), p, out);
        }
    }

    /** Config or IllegalArgumentException with a message; returns the message (empty for a config). */
    static String loads(String yaml) {
        return Bounded.configLoads("DetectorConfig.fromYaml", () -> DetectorConfig.fromYaml(yaml));
    }

    static String yaml(String key, String value) {
        String[] path = key.split("\\.");
        StringBuilder y = new StringBuilder();
        for (int i = 0; i < path.length; i++) {
            y.append("  ".repeat(i)).append(path[i]).append(':');
            if (i < path.length - 1) y.append('\n');
        }
        return y.append(' ').append(value.replace("\n", "\n" + "  ".repeat(path.length))).append('\n').toString();
    }

    @Property
    void mutatedDefaultsLoadOrNameTheProblem(@ForAll("edits") List<Mutation> edits) {
        byte[] d = DEFAULTS.getBytes(StandardCharsets.UTF_8);
        loads(new String(Mutation.apply(d, edits, List.of(d)), StandardCharsets.UTF_8));
    }

    @Property
    void wrongValuesNameTheKey(@ForAll("key") String key, @ForAll("value") String value) {
        String y = yaml(key, value);
        String message = loads(y);
        if (!message.isEmpty() && !message.toLowerCase(java.util.Locale.ROOT).contains("yaml")) {
            String[] path = key.split("\\.");
            // a value error names where it is: the key itself or one of its sections
            assertThat(message).as(y).containsAnyOf(path);
        }
    }

    @Property
    void randomTextLoadsOrNamesTheProblem(@ForAll @StringLength(max = 500) String text) {
        loads(text);
    }

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return Mutation.lists();
    }

    @Provide
    Arbitrary<String> key() {
        return Arbitraries.of(KEYS);
    }

    @Provide
    Arbitrary<String> value() {
        return Arbitraries.oneOf(Arbitraries.of(VALUES), Arbitraries.strings().ofMaxLength(40).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""),
                Combinators.combine(Arbitraries.of(VALUES), Arbitraries.of(VALUES)).as((a, b) -> "[" + a.replace("\n", " ") + ", " + b.replace("\n", " ") + "]"));
    }

    @Example
    void aliasesAreNotExpandedAndNestingAndSizeAreBounded() {
        StringBuilder laughs = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            laughs.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) laughs.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            laughs.append("]\n");
        }
        assertThat(loads(laughs.toString())).isNotEmpty();
        assertThat(loads(KEYS.get(2) + ": " + "[".repeat(100_000) + "]".repeat(100_000))).isNotEmpty();
        // a huge document (over SnakeYAML's 3 Mi code point limit) is refused too, but only after seconds of scanning
        // (tens on a loaded CI machine): not run here; the crawler's loader refuses over 1 MiB up front
        StringBuilder wide = new StringBuilder();
        for (int i = 0; i < 5_000; i++) wide.append("k").append(i).append(": ").append(i).append('\n');
        assertThat(loads(wide.toString())).isNotEmpty();
    }
}
