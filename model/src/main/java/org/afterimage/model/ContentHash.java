package org.afterimage.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Normalises post text and hashes it, so that only real edits change the hash (DESIGN §4). Crawler and detector
 * both use this one class: if they normalised differently, every recrawl would look like an edit.
 *
 * <p>Normalisation: Unicode NFKC, tracking parameters removed from URLs ({@code utm_*}, {@code fbclid}, ...),
 * zero-width characters dropped, runs of whitespace collapsed to one space, trimmed. Case and punctuation are kept:
 * changing them is an edit.
 */
public final class ContentHash {
    private static final Pattern TRACKING = Pattern.compile(
            "([?&])(?:utm_[a-z_]+|fbclid|gclid|igshid|mc_[a-z]+|ref_src|ref_url|s|si|share_id)=[^&#\\s]*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DANGLING = Pattern.compile("\\?&|&&|[?&](?=[#\\s]|$)");
    private static final Pattern INVISIBLE = Pattern.compile("[\\u200B-\\u200D\\u2060\\uFEFF\\u00AD]");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private ContentHash() {
    }

    /** The normalised form of {@code text}; what is hashed and what the detector diffs. */
    public static String normalise(String text) {
        if (text == null || text.isEmpty()) return "";
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        s = INVISIBLE.matcher(s).replaceAll("");
        if (s.indexOf('?') >= 0) {
            s = TRACKING.matcher(s).replaceAll("$1");
            s = DANGLING.matcher(s).replaceAll(m -> m.group().startsWith("?&") ? "?" : m.group().equals("&&") ? "&" : "");
        }
        return SPACE.matcher(s).replaceAll(" ").strip();
    }

    /** {@code sha256:} + hex of the normalised text. */
    public static String of(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(normalise(text).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
