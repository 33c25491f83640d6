package org.afterimage.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.afterimage.model.Capture;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.UnreachableCause;
import org.afterimage.model.WarcRef;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.json.MalformedRecordException;
import org.afterimage.testkit.fuzz.Mutation;

/**
 * {@link CaptureReader} is a fast path in front of the model codec: for any bytes, the detector's decode must give
 * exactly what {@code Codecs.CAPTURE.decode} gives (the same capture, or the same problem), and for what the model
 * encoder writes the fast path must really be taken. Inputs: captures of every shape, encoded, then edited as JSON
 * (fields dropped, duplicated, retyped, reordered, unknown ones added) and as bytes (the shared {@link Mutation}s).
 */
class CaptureReaderFuzzTest {
    private static final Instant T = Instant.parse("2026-03-01T12:00:00.250Z");
    private static final String[] VALUES = {"null", "1", "-1", "1.0", "1e3", "99999999999999999999", "\"\"", "\"x\"", "true",
        "{}", "[]", "[\"US\"]", "[null]", "{\"kind\":\"present\"}", "{\"kind\":\"gone\"}", "\"2026-01-01T00:00:00Z\"",
        "\"telegram:a/1\"", "\"CENSORED\"", "\"censored\"", "\"2\"", "{\"file\":\"f\",\"offset\":-1,\"recordId\":\"r\"}"};
    private static final String[] FIELDS = {"schema", "key", "url", "fetchedAt", "outcome", "author", "text", "publishedAt",
        "editedAt", "contentHash", "countries", "warc", "vantage", "kind", "reason", "evidence", "httpStatus", "offset", "x"};

    @Provide
    Arbitrary<Capture> captures() {
        Arbitrary<FetchOutcome> outcomes = Arbitraries.oneOf(
                Arbitraries.just(FetchOutcome.present()),
                Combinators.combine(Arbitraries.of(RemovalReason.class), Arbitraries.integers().between(0, 999),
                        Arbitraries.strings().ofMaxLength(20)).as((r, s, m) -> FetchOutcome.gone(r, new Evidence(s, m, m, ""))),
                Arbitraries.of(UnreachableCause.class).map(c -> new FetchOutcome.Unreachable(c, "d", Duration.ofSeconds(7))));
        Arbitrary<String> texts = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of("post text", "文字 \"schema\":2 {\"schema\":2}", "", "a\u200Bb  c\n"));
        Arbitrary<WarcRef> warcs = Arbitraries.longs().between(0, Long.MAX_VALUE)
                .map(o -> new WarcRef("afterimage-1.warc.gz", o, "<urn:uuid:1>", "sha1:ABC")).injectNull(0.5);
        Arbitrary<List<String>> countries = Arbitraries.of("US", "DE", "CN").list().ofMaxSize(3);
        return Combinators.combine(outcomes, texts.injectNull(0.3), texts.injectNull(0.3), warcs, countries,
                Arbitraries.integers().between(0, 2)).as((o, text, author, warc, cs, time) -> new Capture(
                PostKey.of(Platform.TELEGRAM, "chan/" + Math.abs(String.valueOf(text).hashCode())), "https://t.me/x",
                T.plusNanos(time * 1_000_001L), o, author, o instanceof FetchOutcome.Present ? text : null,
                time == 1 ? null : T.minusSeconds(60), null, null, cs, warc, time == 2 ? "eu" : null));
    }

    @Provide
    Arbitrary<List<int[]>> edits() {
        // {kind, field, value, position}
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, FIELDS.length - 1),
                        Arbitraries.integers().between(0, VALUES.length - 1), Arbitraries.integers().between(0, 10_000))
                .as((k, f, v, p) -> new int[] {k, f, v, p}).list().ofMaxSize(3);
    }

    @Property(tries = 3000)
    void encodedCapturesTakeTheFastPath(@ForAll("captures") Capture c) {
        byte[] b = Codecs.CAPTURE.encode(c);
        if (c.outcome() instanceof FetchOutcome.Unreachable) {
            assertThat(CaptureReader.read(b)).isNull();   // left to the codec on purpose: rare
        } else {
            assertThat(CaptureReader.read(b)).isEqualTo(c);
        }
        assertThat(CaptureDecoding.decode(b)).isEqualTo(c);
    }

    @Property(tries = 4000)
    void editedJsonDecodesAsTheModelCodecDecodesIt(@ForAll("captures") Capture c, @ForAll("edits") List<int[]> edits) {
        String s = Codecs.CAPTURE.encodeToString(c);
        for (int[] e : edits) s = edit(s, e);
        assertSame(s.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2000)
    void mutatedBytesDecodeAsTheModelCodecDecodesThem(@ForAll("captures") Capture c,
                                                      @ForAll("mutations") List<Mutation> mutations) {
        byte[] seed = Codecs.CAPTURE.encode(c);
        assertSame(Mutation.apply(seed, mutations, List.of(seed)));
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.lists();
    }

    /** Inserts, at a field boundary chosen by the position: a field (maybe a duplicate), or retypes/drops a field. */
    private static String edit(String s, int[] e) {
        String field = FIELDS[e[1]];
        String value = VALUES[e[2]];
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '{') starts.add(i);
        if (starts.isEmpty()) return s;
        int at = starts.get(e[3] % starts.size()) + 1;
        String quoted = "\"" + field + "\":";
        return switch (e[0]) {
            case 0 -> s.substring(0, at) + quoted + value + "," + s.substring(at);   // add (duplicate or unknown)
            case 1 -> s.substring(0, at) + quoted + value + (at < s.length() && s.charAt(at) == '}' ? "" : ",") + s.substring(at);
            case 2 -> {   // retype the first occurrence of the field
                int i = s.indexOf(quoted);
                if (i < 0) yield s;
                int v = i + quoted.length();
                int end = valueEnd(s, v);
                yield s.substring(0, v) + value + s.substring(end);
            }
            case 3 -> {   // drop the first occurrence of the field
                int i = s.indexOf(quoted);
                if (i < 0) yield s;
                int end = valueEnd(s, i + quoted.length());
                if (end < s.length() && s.charAt(end) == ',') end++;
                else if (s.charAt(i - 1) == ',') i--;
                yield s.substring(0, i) + s.substring(end);
            }
            default -> s.substring(0, Math.min(s.length(), e[3] % (s.length() + 1)));   // cut
        };
    }

    /** End of the JSON value starting at {@code from} (strings, objects and arrays balanced; good enough for edits). */
    private static int valueEnd(String s, int from) {
        int depth = 0;
        boolean str = false;
        for (int i = from; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (str) {
                if (ch == '\\') i++;
                else if (ch == '"') str = false;
                if (!str && depth == 0) return i + 1;
                continue;
            }
            if (ch == '"') str = true;
            else if (ch == '{' || ch == '[') depth++;
            else if (ch == '}' || ch == ']') {
                if (depth == 0) return i;
                if (--depth == 0) return i + 1;
            } else if (ch == ',' && depth == 0) return i;
        }
        return s.length();
    }

    private static void assertSame(byte[] b) {
        String expected = problem(() -> Codecs.CAPTURE.decode(b));
        String actual = problem(() -> CaptureDecoding.decode(b));
        assertThat(actual).as(new String(b, 0, Math.min(b.length, 400), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    private static String problem(java.util.function.Supplier<Capture> decode) {
        try {
            return "ok " + decode.get();
        } catch (MalformedRecordException e) {
            return e.problem() + " " + e.getMessage();
        }
    }
}
