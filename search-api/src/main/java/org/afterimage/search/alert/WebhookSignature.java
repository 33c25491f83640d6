package org.afterimage.search.alert;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: header {@code X-Afterimage-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>} where the
 * HMAC key is the subscription's secret (UTF-8) and the message is {@code t + "." + body} (the raw body bytes).
 *
 * <p>To verify: split the header on {@code ,}, take {@code t} and every {@code v1}, recompute the HMAC over
 * {@code t + "." + body} and compare in constant time; refuse a {@code t} far from your clock (replays). The
 * {@code Idempotency-Key} header (= {@code alertId}) lets a receiver drop a redelivered alert.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Afterimage-Signature";

    private WebhookSignature() {
    }

    /** The header value for {@code body} signed at {@code unixSeconds}. */
    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, unixSeconds, body));
    }

    /**
     * Whether {@code header} is a valid signature of {@code body} made with {@code secret} within
     * {@code toleranceSeconds} of {@code nowUnixSeconds}. Malformed headers are simply invalid.
     */
    public static boolean verify(String header, String secret, byte[] body, long nowUnixSeconds, long toleranceSeconds) {
        if (header == null || header.length() > 1000) return false;
        Long t = null;
        java.util.List<String> sigs = new java.util.ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) return false;
            String k = part.substring(0, eq).strip();
            String v = part.substring(eq + 1).strip();
            if (k.equals("t")) {
                try {
                    t = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (k.equals("v1")) {
                sigs.add(v);
            }
        }
        if (t == null || sigs.isEmpty() || Math.abs(nowUnixSeconds - t) > toleranceSeconds) return false;
        byte[] expected = hmac(secret, t, body);
        for (String s : sigs) {
            byte[] got;
            try {
                got = HexFormat.of().parseHex(s);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, got)) return true;
        }
        return false;
    }

    static byte[] hmac(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
