package org.afterimage.model.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.afterimage.model.Samples;
import org.afterimage.model.json.Codec;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.json.MalformedRecordException;

/**
 * Every {@link Codecs} codec, fed mutated real records (the {@link Samples}), wrong types in otherwise valid JSON and
 * random input: decoding returns a value or throws {@link MalformedRecordException} (with a {@code problem()}),
 * nothing else; and whatever decodes re-encodes to an equal value (no half-valid record gets through).
 */
class CodecsFuzzTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    record Target(String name, Codec<Object> codec, List<byte[]> seeds) {
    }

    @SuppressWarnings("unchecked")
    private static <T> Target target(String name, Codec<T> codec, List<T> samples) {
        return new Target(name, (Codec<Object>) codec, samples.stream().map(codec::encode).toList());
    }

    static final List<Target> TARGETS = List.of(
            target("capture", Codecs.CAPTURE, Samples.captures()),
            target("recrawl", Codecs.RECRAWL_REQUEST, List.of(Samples.recrawl())),
            target("post", Codecs.POST, List.of(Samples.post())),
            target("event", Codecs.EVENT, Samples.events()),
            target("dead-letter", Codecs.DEAD_LETTER, List.of(Samples.deadLetter())));
    static final List<byte[]> ALL_SEEDS = TARGETS.stream().flatMap(t -> t.seeds().stream()).toList();

    /** Decodes under the contract; returns the value or null when refused. */
    static Object decodes(Target t, byte[] bytes) {
        Bounded.Outcome<Object> o = Bounded.call(t.name(), () -> t.codec().decode(bytes));
        if (o.thrown() != null) {
            if (!(o.thrown() instanceof MalformedRecordException m)) throw new AssertionError(t.name() + ": undocumented exception " + o.thrown(), o.thrown());
            assertThat(m.problem()).isNotNull();
            assertThat(m.getMessage()).isNotBlank();
            return null;
        }
        Object v = o.value();
        assertThat(v).isNotNull();
        assertThat(t.codec().decode(t.codec().encode(v))).as(t.name() + " round trip").isEqualTo(v);
        return v;
    }

    @Property
    void mutatedRecordsDecodeOrAreMalformed(@ForAll("target") int t, @ForAll @IntRange(max = 100) int seed, @ForAll("edits") List<Mutation> edits) {
        Target target = TARGETS.get(t);
        decodes(target, Mutation.apply(target.seeds().get(seed % target.seeds().size()), edits, ALL_SEEDS));
    }

    @Property
    void wrongTypesAreMalformedNotCrashes(@ForAll("target") int t, @ForAll @IntRange(max = 100) int seed,
                                          @ForAll @IntRange(min = 0, max = 1_000_000) int node, @ForAll @IntRange(min = 0, max = JsonEdits.REPLACEMENTS - 1) int replacement,
                                          @ForAll @IntRange(min = 0, max = 1_000_000) int node2, @ForAll @IntRange(min = 0, max = JsonEdits.REPLACEMENTS - 1) int replacement2) {
        Target target = TARGETS.get(t);
        try {
            JsonNode tree = PLAIN.readTree(target.seeds().get(seed % target.seeds().size()));
            tree = JsonEdits.replace(JsonEdits.replace(tree, node, replacement), node2, replacement2);
            decodes(target, PLAIN.writeValueAsBytes(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property
    void randomBytesAreMalformed(@ForAll("target") int t, @ForAll @Size(max = 2048) byte[] bytes) {
        decodes(TARGETS.get(t), bytes);
    }

    @Property
    void randomTextIsMalformedOrDecodes(@ForAll("target") int t, @ForAll @StringLength(max = 500) String text) {
        decodes(TARGETS.get(t), ("{\"schema\":1," + text).getBytes(StandardCharsets.UTF_8));
        decodes(TARGETS.get(t), text.getBytes(StandardCharsets.UTF_8));
    }

    @Example
    void bombsAreOversizeOrMalformed() {
        for (Target t : TARGETS) {
            List<byte[]> bombs = new ArrayList<>();
            bombs.add(("{\"schema\":1,\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").getBytes(StandardCharsets.UTF_8));
            bombs.add(("{\"schema\":1,\"a\":\"" + "x".repeat(t.codec().maxBytes()) + "\"}").getBytes(StandardCharsets.UTF_8));
            bombs.add(("{\"schema\":1,\"a\":" + "9".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8));
            bombs.add(("{\"schema\":1" + ",\"a\":1".repeat(100_000) + "}").getBytes(StandardCharsets.UTF_8));
            bombs.add(new byte[0]);
            bombs.add(null);
            for (byte[] b : bombs) assertThat(decodes(t, b)).as(t.name()).isNull();
        }
    }

    @Provide
    Arbitrary<Integer> target() {
        return Arbitraries.integers().between(0, TARGETS.size() - 1);
    }

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return Mutation.lists();
    }
}
