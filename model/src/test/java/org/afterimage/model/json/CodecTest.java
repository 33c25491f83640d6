package org.afterimage.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.afterimage.model.Capture;
import org.afterimage.model.PostEvent;
import org.afterimage.model.Samples;
import org.afterimage.model.json.MalformedRecordException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodecTest {

    @Test
    void everyCaptureOutcomeRoundTrips() {
        for (Capture c : Samples.captures()) {
            assertThat(Codecs.CAPTURE.decode(Codecs.CAPTURE.encode(c))).isEqualTo(c);
        }
    }

    @Test
    void everyEventTypeRoundTripsThroughTheSealedInterface() {
        for (PostEvent e : Samples.events()) {
            PostEvent back = Codecs.EVENT.decode(Codecs.EVENT.encode(e));
            assertThat(back).isEqualTo(e).hasSameClassAs(e);
        }
    }

    @Test
    void recrawlRequestPostRecordAndDeadLetterRoundTrip() {
        assertThat(Codecs.RECRAWL_REQUEST.decode(Codecs.RECRAWL_REQUEST.encode(Samples.recrawl()))).isEqualTo(Samples.recrawl());
        assertThat(Codecs.POST.decode(Codecs.POST.encode(Samples.post()))).isEqualTo(Samples.post());
        assertThat(Codecs.DEAD_LETTER.decode(Codecs.DEAD_LETTER.encode(Samples.deadLetter()))).isEqualTo(Samples.deadLetter());
    }

    @Test
    void everyValueStartsWithItsSchemaVersion() {
        String json = Codecs.EVENT.encodeToString(Samples.events().get(0));
        assertThat(json).startsWith("{\"schema\":1,\"type\":\"removal\",");
        assertThat(Codecs.CAPTURE.encodeToString(Samples.captures().get(1))).contains("\"kind\":\"gone\"", "\"reason\":\"CENSORED\"");
    }

    @Test
    void readsTheWireFormatWrittenByHand() {
        String json = """
                {"schema":1,"key":"telegram:durov/42","url":"https://t.me/durov/42","fetchedAt":"2026-11-28T10:00:00Z",
                 "outcome":{"kind":"gone","reason":"NOT_FOUND","evidence":{"httpStatus":404,"signal":"http:404"}},
                 "someFutureField":{"ignored":true}}""";
        Capture c = Codecs.CAPTURE.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(c.key().postId()).isEqualTo("durov/42");
        assertThat(c.outcome().kind()).isEqualTo("gone");
        assertThat(c.countries()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"schema\":1,", "{\"schema\":1} trailing", "\u0000\u0001"})
    void notJsonIsReportedAsSuch(String input) {
        assertProblem(input, Problem.NOT_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "42", "null"})
    void jsonThatIsNotAnObjectIsAWrongType(String input) {
        assertProblem(input, input.equals("null") ? Problem.WRONG_TYPE : Problem.WRONG_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"key\":\"telegram:a/1\"}",
        "{\"schema\":2,\"key\":\"telegram:a/1\"}",
        "{\"schema\":\"1\",\"key\":\"telegram:a/1\"}",
        "{\"schema\":1.5}"})
    void missingOrUnknownSchemaVersionIsRefused(String input) {
        assertProblem(input, Problem.UNKNOWN_SCHEMA_VERSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // number where a string belongs, string where a number belongs, missing required field, wrong nested type
        "{\"schema\":1,\"key\":42,\"url\":\"u\",\"fetchedAt\":\"2026-11-28T10:00:00Z\",\"outcome\":{\"kind\":\"present\"}}",
        "{\"schema\":1,\"key\":\"wechat:s/x\",\"url\":\"u\",\"due\":\"2026-11-28T10:00:00Z\",\"attempt\":\"2\",\"priority\":1}",
        "{\"schema\":1,\"key\":\"telegram:a/1\",\"url\":\"u\",\"outcome\":{\"kind\":\"present\"}}",
        "{\"schema\":1,\"key\":\"telegram:a/1\",\"url\":\"u\",\"fetchedAt\":\"2026-11-28T10:00:00Z\",\"outcome\":{\"kind\":\"exploded\"}}",
        "{\"schema\":1,\"key\":\"telegram:a/1\",\"url\":\"u\",\"fetchedAt\":\"yesterday\",\"outcome\":{\"kind\":\"present\"}}",
        "{\"schema\":1,\"key\":\"telegram:a/1\",\"url\":[\"u\"],\"fetchedAt\":\"2026-11-28T10:00:00Z\",\"outcome\":{\"kind\":\"present\"}}"})
    void wrongTypesAreRefusedWithTheReason(String input) {
        MalformedRecordException e = decodeFailure(input, input.contains("\"due\"") ? Codecs.RECRAWL_REQUEST : Codecs.CAPTURE);
        assertThat(e.problem()).isIn(Problem.WRONG_TYPE, Problem.INVALID);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void brokenInvariantsAreInvalid() {
        String json = Codecs.EVENT.encodeToString(Samples.events().get(0)).replace("\"probability\":0.93", "\"probability\":1.5");
        MalformedRecordException e = decodeFailure(json, Codecs.EVENT);
        assertThat(e.problem()).isEqualTo(Problem.INVALID);
        assertThat(e.getMessage()).contains("probability");

        String badKey = "{\"schema\":1,\"key\":\"myspace:1\",\"url\":\"u\",\"fetchedAt\":\"2026-11-28T10:00:00Z\",\"outcome\":{\"kind\":\"present\"}}";
        assertThat(decodeFailure(badKey, Codecs.CAPTURE).getMessage()).contains("unknown platform 'myspace'");
    }

    @Test
    void oversizeValuesAreRefusedBeforeParsing() {
        byte[] big = new byte[Codecs.CAPTURE.maxBytes() + 1];
        Arrays.fill(big, (byte) ' ');
        assertThat(decodeFailure(new String(big, StandardCharsets.US_ASCII), Codecs.CAPTURE).problem()).isEqualTo(Problem.OVERSIZE);
    }

    @Test
    void deepNestingIsCutOff() {
        String deep = "{\"schema\":1,\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThat(decodeFailure(deep, Codecs.CAPTURE).problem()).isEqualTo(Problem.OVERSIZE);
    }

    @Test
    void nullBytesAreNotJson() {
        assertThatThrownBy(() -> Codecs.CAPTURE.decode(null)).isInstanceOf(MalformedRecordException.class);
    }

    private static void assertProblem(String input, Problem expected) {
        assertThat(decodeFailure(input, Codecs.CAPTURE).problem()).isEqualTo(expected);
    }

    private static MalformedRecordException decodeFailure(String input, Codec<?> codec) {
        try {
            codec.decode(input.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedRecordException e) {
            return e;
        }
        throw new AssertionError("decoded without error: " + input);
    }
}
