package org.afterimage.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.afterimage.model.Capture;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.UnreachableCause;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.json.MalformedRecordException;
import org.junit.jupiter.api.Test;

/** The fast capture decode must accept and reject exactly what the model codec does, with the same problem. */
class CaptureDecodeTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final PostKey K = PostKey.of(Platform.TELEGRAM, "chan/1");

    private static List<Capture> captures() {
        return List.of(
                Capture.present(K, "https://t.me/chan/1", T, "alice", "text 文字 \"schema\" {\"schema\":2}", T.minusSeconds(60), null),
                Capture.present(K, "https://t.me/chan/1", T, null, "", null, null),
                Capture.of(K, "https://t.me/chan/1", T, FetchOutcome.gone(RemovalReason.CENSORED, new Evidence(200, "s", "m", ""))),
                Capture.of(K, "https://t.me/chan/1", T, FetchOutcome.gone(RemovalReason.NOT_FOUND, new Evidence(404, "", "", ""))),
                Capture.of(K, "https://t.me/chan/1", T, new FetchOutcome.Unreachable(UnreachableCause.values()[0], "x", Duration.ofSeconds(30))));
    }

    @Test
    void validCapturesDecodeAsTheModelCodecDecodesThem() {
        for (Capture c : captures()) {
            byte[] b = Codecs.CAPTURE.encode(c);
            assertThat(CaptureDecoding.decode(b)).isEqualTo(Codecs.CAPTURE.decode(b)).isEqualTo(c);
        }
    }

    @Test
    void hostileMalformedAndUnusualValuesDecodeAsTheModelCodecDecodesThem() {
        String good = new String(Codecs.CAPTURE.encode(captures().get(0)), StandardCharsets.UTF_8);
        List<String> bad = new ArrayList<>(List.of(
                good.replaceFirst("\\{\"schema\":1,", "{\"schema\":1,\"schema\":2,"),   // a second schema wins in a tree
                good.replaceFirst("\\{\"schema\":1,", "{\"schema\":2,"),
                good + " {}",
                good + "garbage",
                good.substring(0, good.length() / 2),
                good.replace("\"url\":", "\"url\":42,\"x\":"),
                "{\"schema\":1,}",
                "{\"schema\":1,\"key\":null}",
                "{\"schema\":1,\"outcome\":{\"schema\":1}}",
                "[]",
                "null",
                "",
                good.replace("\"author\":\"alice\"", "\"author\":\"\\ud800x\""),   // lone surrogate escape
                good.replace("\"author\":\"alice\"", "\"author\":\"\\ud83d\\ude00 \\u0000 \\/\""),
                good.replace("\"author\":\"alice\"", "\"author\":\"a\u0001b\""),   // raw control character
                good.replace("\"author\":\"alice\"", "\"author\":\"\\x41\""),
                good.replace("\"author\":\"alice\"", "\"author\" : \"alice\""),
                good + " ",
                good.replace("\"schema\":1", "\"schema\":01"),
                good.replace("\"schema\":1", "\"schema\":1.0"),
                good.replace("\"schema\":1", "\"schema\":-0")));
        bad.add("{\"schema\":1,\"url\":\"" + "x".repeat((1 << 20) + 10) + "\"}");
        for (String s : bad) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            String expected = problem(() -> Codecs.CAPTURE.decode(b));
            String actual = problem(() -> CaptureDecoding.decode(b));
            assertThat(actual).as(s.length() > 200 ? s.substring(0, 200) : s).isEqualTo(expected);
        }
    }

    @Test
    void instantsParseAsTheModelParsesThemOrFallBack() {
        String good = new String(Codecs.CAPTURE.encode(captures().get(0)), StandardCharsets.UTF_8);
        String at = "\"" + T + "\"";
        assertThat(good).contains(at);
        for (String t : List.of("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.5Z", "2026-12-31T23:59:59.123456789Z",
                "2024-02-29T12:00:00.000Z", "2026-02-29T12:00:00Z", "2026-01-01T24:00:00Z", "2026-06-30T23:59:60Z",
                "2026-01-01T00:00:00.1234567890Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00+01:00",
                "2026-01-01 00:00:00Z", "+12026-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "2026-1-01T00:00:00Z",
                "2026-01-01T00:00:00z", "２０２６-01-01T00:00:00Z", "")) {
            byte[] b = good.replace(at, "\"" + t + "\"").getBytes(StandardCharsets.UTF_8);
            assertThat(problem(() -> CaptureDecoding.decode(b))).as(t).isEqualTo(problem(() -> Codecs.CAPTURE.decode(b)));
        }
        // the fast path really parses the canonical forms (the equality above also holds if everything fell back)
        for (String t : List.of("2026-01-01T00:00:00Z", "2026-12-31T23:59:59.123456789Z", "2024-02-29T12:00:00.05Z")) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> assertThat(CaptureReader.instant(t))
                    .isEqualTo(Instant.parse(t)))).isNull();
        }
    }

    private static String problem(java.util.function.Supplier<Capture> decode) {
        try {
            return "ok " + decode.get();
        } catch (MalformedRecordException e) {
            return e.problem() + " " + e.getMessage();
        }
    }
}
