package org.afterimage.search.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    static final String SECRET = "whsec-0123456789abcdef";
    static final byte[] BODY = "{\"alertId\":\"al_1\",\"text\":\"维权律师\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTimestampDotBodyWithHmacSha256() throws Exception {
        String h = WebhookSignature.header(SECRET, 1_700_000_000L, BODY);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update("1700000000.".getBytes(StandardCharsets.US_ASCII));
        assertThat(h).isEqualTo("t=1700000000,v1=" + HexFormat.of().formatHex(mac.doFinal(BODY)));
    }

    @Test
    void verifiesItsOwnSignatureWithinTolerance() {
        String h = WebhookSignature.header(SECRET, 1000, BODY);
        assertThat(WebhookSignature.verify(h, SECRET, BODY, 1000, 300)).isTrue();
        assertThat(WebhookSignature.verify(h, SECRET, BODY, 1299, 300)).isTrue();
        assertThat(WebhookSignature.verify(h, SECRET, BODY, 1301, 300)).as("replayed too late").isFalse();
    }

    @Test
    void refusesTamperedBodyWrongSecretAndMalformedHeaders() {
        String h = WebhookSignature.header(SECRET, 1000, BODY);
        byte[] tampered = BODY.clone();
        tampered[5] ^= 1;
        assertThat(WebhookSignature.verify(h, SECRET, tampered, 1000, 300)).isFalse();
        assertThat(WebhookSignature.verify(h, SECRET + "x", BODY, 1000, 300)).isFalse();
        assertThat(WebhookSignature.verify(h.replace("t=1000", "t=1001"), SECRET, BODY, 1000, 300)).as("timestamp is signed").isFalse();
        for (String bad : new String[]{null, "", "garbage", "t=,v1=", "t=abc,v1=00", "v1=" + "0".repeat(64), "t=1000",
                "t=1000,v1=zz", "t=1000,v1=" + "a".repeat(5000)}) {
            assertThat(WebhookSignature.verify(bad, SECRET, BODY, 1000, 300)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void acceptsAnyOfSeveralV1SignaturesForSecretRotation() {
        String good = WebhookSignature.header(SECRET, 1000, BODY);
        String other = WebhookSignature.header("another-secret-0123456", 1000, BODY);
        String both = other + "," + good.substring(good.indexOf("v1="));
        assertThat(WebhookSignature.verify(both, SECRET, BODY, 1000, 300)).isTrue();
    }
}
