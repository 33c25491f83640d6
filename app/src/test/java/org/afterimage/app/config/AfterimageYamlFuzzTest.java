package org.afterimage.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.afterimage.crawler.CrawlerConfig;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.search.SearchConfig;
import org.afterimage.testkit.fuzz.Bounded;
import org.afterimage.testkit.fuzz.Mutation;

/**
 * The whole configuration path of {@code afterimage run --config FILE}: {@link AfterimageYaml} splits the file into
 * sections and each component binds its own. Any text (mutations of the shipped example, wrong section shapes,
 * random text, YAML bombs) gives a configuration or an {@link IllegalArgumentException} with a message; never
 * another exception, a hang or a blow-up.
 */
class AfterimageYamlFuzzTest {
    private static final String EXAMPLE = example();
    private static final List<String> SHAPES = List.of("null", "~", "1", "x", "[]", "[1, 2]", "{}", "{nope: 1}", "!!binary AAAA",
            "&a [*a]", "*undefined", "{watch: [null]}", "{schedule: {tick: -1s}}", "{http: {port: 99999}}", "'\\x00'", "\"\\ud800\"");

    private static String example() {
        try {
            return Files.readString(Path.of("..", "afterimage.example.yaml"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the example config beside the app module", e);
        }
    }

    /** Parses and binds every section as the pipeline does at start-up; "" when it loads, else the message. */
    static String loads(String yaml) {
        return Bounded.configLoads("afterimage.yaml", () -> {
            AfterimageYaml y = AfterimageYaml.parse(yaml, "fuzz.yaml");
            y.bind("crawler", CrawlerConfig::fromYaml);
            y.bind("detector", DetectorConfig::fromYaml);
            y.bind("searchApi", SearchConfig::fromYaml);
            return y;
        });
    }

    @Example
    void theShippedExampleLoads() {
        assertThat(loads(EXAMPLE)).isEmpty();
    }

    @Property(tries = 300)
    void mutatedExampleLoadsOrNamesTheProblem(@ForAll("edits") List<Mutation> edits) {
        byte[] seed = EXAMPLE.getBytes(StandardCharsets.UTF_8);
        loads(new String(Mutation.apply(seed, edits, List.of(seed)), StandardCharsets.UTF_8));
    }

    @Property
    void anySectionShapeLoadsOrNamesTheSection(@ForAll("section") String section, @ForAll("shape") String shape) {
        String message = loads(section + ": " + shape);
        if (!message.isEmpty() && !message.toLowerCase(java.util.Locale.ROOT).contains("yaml")) {
            assertThat(message).as(section + ": " + shape).containsAnyOf(section, "nope", "watch", "tick", "port", "section");
        }
    }

    @Property
    void randomTextLoadsOrNamesTheProblem(@ForAll @StringLength(max = 500) String text) {
        loads(text);
    }

    @Example
    void bombsAreRefusedWithAMessage() {
        StringBuilder laughs = new StringBuilder("crawler:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            laughs.append("  a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) laughs.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            laughs.append("]\n");
        }
        assertThat(loads(laughs.toString())).isNotEmpty();
        assertThat(loads("detector: " + "[".repeat(100_000) + "]".repeat(100_000))).isNotEmpty();
        assertThat(loads("searchApi:\n  x: \"" + "v".repeat(4 << 20) + "\"\n")).isNotEmpty();
    }

    @Example
    void unknownSectionsAndKeysAreNamed() {
        assertThat(loads("crawlers: {}")).contains("crawlers");
        assertThat(loads("detector: {schedule: {nope: 1}}")).contains("nope");
        assertThat(loads("crawler: [1]")).contains("'crawler'");
        assertThat(loads("searchApi: {schedule: {tick: 1s}}")).as("a key of another section names the section it is in")
                .contains("section searchApi", "schedule");
    }

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return Mutation.lists();
    }

    @Provide
    Arbitrary<String> section() {
        return Arbitraries.of("crawler", "detector", "searchApi", "nope", "");
    }

    @Provide
    Arbitrary<String> shape() {
        return Arbitraries.of(SHAPES);
    }
}
