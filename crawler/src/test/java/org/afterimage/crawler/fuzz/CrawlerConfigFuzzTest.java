package org.afterimage.crawler.fuzz;

import org.afterimage.testkit.fuzz.Bounded;
import org.afterimage.testkit.fuzz.Mutation;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.afterimage.crawler.CrawlerConfig;

/**
 * {@link CrawlerConfig#fromYaml}: any text gives a config or an {@link IllegalArgumentException} whose message names
 * the bad key or the problem; never another exception, a stack overflow or a heap blow-up (YAML aliases, nesting and
 * document size are bounded by the YAML loader's limits).
 */
class CrawlerConfigFuzzTest {
    static final String DEFAULTS = defaults();
    static final List<String> KEYS = List.of("instance", "vantage", "userAgent", "fetch.connectTimeout", "fetch.totalTimeout",
            "fetch.maxBodyBytes", "fetch.maxRedirects", "fetch.rewrite", "politeness.defaultInterval", "politeness.hostIntervals",
            "politeness.maxCrawlDelay", "politeness.robotsTtl", "politeness.robotsErrorTtl", "politeness.retryAttempts",
            "politeness.retryInitial", "politeness.maxRetryAfter", "politeness.breakerWindow", "politeness.breakerFailureRate",
            "politeness.breakerOpenFor", "politeness.maxQueueWait", "politeness.robotName", "warc.rotateBytes", "kafka.groupId",
            "kafka.concurrency", "optOut.hosts", "optOut.accounts", "watch", "fetch", "politeness", "nope", "fetch.nope");
    /** YAML values of every wrong shape. */
    static final List<String> VALUES = List.of("null", "~", "\"\"", "-1", "0", "1", "99999999999999999999999", "1e400", ".nan", "-.inf",
            "PT-1S", "PT0S", "P999999999999D", "PT1S", "[1, 2]", "{x: 1}", "{}", "[]", "true", "x", "'\\x00'", "\"\\ud800\"", "!!binary AAAA",
            "!!int x", "!!float x", "!!timestamp 2024-99-99", "&a [*a]", "*undefined", "[{platform: nope, source: s, every: PT1S}]",
            "[{platform: html, source: s, every: PT1S}]", "[{platform: telegram, source: '', every: PT0S}]", "[null]", "[[]]",
            "{\"t.me\": PT-5S}", "{\"t.me\": x}", "[\"\", \"*\"]", "? [a]\n  : b", "|\n  multi\n  line", ">-\n  folded");

    private static String defaults() {
        try (InputStream in = CrawlerConfig.class.getResourceAsStream("/crawler-defaults.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Config or IllegalArgumentException with a message; returns the message (empty for a config). */
    static String loads(String yaml) {
        return Bounded.configLoads("CrawlerConfig.fromYaml", () -> CrawlerConfig.fromYaml(yaml));
    }

    @Property
    void mutatedDefaultsLoadOrNameTheProblem(@ForAll("edits") List<Mutation> edits) {
        byte[] b = Mutation.apply(DEFAULTS.getBytes(StandardCharsets.UTF_8), edits, List.of(DEFAULTS.getBytes(StandardCharsets.UTF_8)));
        loads(new String(b, StandardCharsets.UTF_8));
    }

    @Property
    void wrongValuesNameTheKey(@ForAll("key") String key, @ForAll("value") String value) {
        String[] path = key.split("\\.");
        String yaml = path.length == 1 ? key + ": " + indent(value, 2) : path[0] + ":\n  " + path[1] + ": " + indent(value, 4);
        String message = loads(yaml);
        if (!message.isEmpty() && !message.contains("YAML") && !message.contains("yaml") && !message.contains("alias")) {
            // a value error names where it is: the key itself, or (for a whole section replaced) something inside it
            assertThat(message).as(yaml).containsAnyOf(path[path.length - 1], path[0]);
        }
    }

    @Property
    void randomTextLoadsOrNamesTheProblem(@ForAll @StringLength(max = 500) String text) {
        loads(text);
    }

    private static String indent(String v, int n) {
        return v.replace("\n", "\n" + " ".repeat(n));
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

    // ---- bombs: cut off by the YAML loader's limits, reported as a clear error ----

    @Example
    void billionLaughsAliasesAreRefused() {
        StringBuilder y = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            y.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            y.append("]\n");
        }
        y.append("instance: *a9\n");
        assertThat(loads(y.toString())).isNotEmpty();
    }

    @Example
    void deepNestingIsRefused() {
        assertThat(loads("instance: " + "[".repeat(100_000) + "]".repeat(100_000))).isNotEmpty();
        assertThat(loads("instance:\n" + "{a: ".repeat(20_000) + "1" + "}".repeat(20_000))).isNotEmpty();
    }

    @Example
    void aDocumentOverTheYamlCodePointLimitIsRefused() {
        // over 1 MiB is refused before parsing (scanning 3 MiB took tens of seconds: SnakeYAML's own limit is 3 Mi code points)
        assertThat(loads("vantage: " + "v".repeat(7 << 19) + "\n")).contains("over the 1048576 limit");
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < 30_000; i++) keys.append("k").append(i).append(": ").append(i).append('\n');
        assertThat(loads(keys.toString())).contains("unknown config key 'k0'");
    }

    @Example
    void unknownKeysAndWrongTypesAreNamed() {
        assertThat(loads("fetch: {maxBodyBytes: lots}")).contains("maxBodyBytes");
        assertThat(loads("fetch: {nope: 1}")).contains("nope");
        assertThat(loads("politeness: {retryAttempts: 99}")).contains("politeness.retryAttempts");
        assertThat(loads("watch: [{platform: nope, source: s, every: PT1S}]")).contains("platform");
    }

    /** Found by this fuzzer: empty list items and map values bound as null and failed with a bare NullPointerException. */
    @Example
    void emptyEntriesNameTheirKey() {
        assertThat(loads("politeness: {hostIntervals: {\"t.me\": null}}")).contains("politeness.hostIntervals");
        assertThat(loads("optOut: {hosts: [null]}")).contains("optOut.hosts");
        assertThat(loads("optOut: {accounts: [~]}")).contains("optOut.accounts");
        assertThat(loads("watch: [null]")).contains("'watch'");
        assertThat(loads("fetch: {rewrite: {\"https://a.example/\": null}}")).contains("fetch.rewrite");
    }

    @Example
    void yamlAliasesAreNotExpanded() {
        // Jackson's YAML parser reads an alias as its name, never as a copy of the anchored node: no laughs to expand
        assertThat(loads("vantage: &v x\ninstance: *v")).isEmpty();
    }
}
