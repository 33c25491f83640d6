package org.afterimage.crawler.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides the charset of a body: byte-order mark, then the {@code Content-Type} header, then a {@code <meta>} tag in
 * the first 4 KiB, then detection (valid UTF-8, else GB18030 when the bytes decode as it, else windows-1252). A
 * header that names an unknown charset, or one the bytes plainly contradict, is ignored rather than trusted.
 */
public final class Charsets {
    private static final Pattern HEADER = Pattern.compile("charset\\s*=\\s*[\"']?([A-Za-z0-9._:-]{1,40})", Pattern.CASE_INSENSITIVE);
    private static final Pattern META = Pattern.compile(
            "<meta[^>]{0,200}?charset\\s*=\\s*[\"']?([A-Za-z0-9._:-]{1,40})", Pattern.CASE_INSENSITIVE);
    private static final int SNIFF = 4096;

    private Charsets() {
    }

    /**
     * The body as text in the charset {@link #detect} would choose, decoding once in the common case of a valid UTF-8
     * body that declares UTF-8 or nothing (detection would otherwise decode it two or three times: most pages,
     * Telegram's among them, carry {@code <meta charset="utf-8">}).
     */
    public static String decode(String contentType, byte[] body) {
        if (body.length > 0 && (body[0] & 0xFF) != 0xEF && (body[0] & 0xFF) != 0xFE && (body[0] & 0xFF) != 0xFF) {
            Optional<Charset> declared = named(HEADER, contentType == null ? "" : contentType);
            if (declared.isEmpty()) declared = named(META, new String(body, 0, Math.min(body.length, SNIFF), StandardCharsets.ISO_8859_1));
            if (declared.isEmpty() || declared.get().equals(StandardCharsets.UTF_8)) {
                // the JDK's String decoder is vectorised; malformed input always leaves U+FFFD, so its absence
                // proves the bytes were valid UTF-8 without a second, slower strict pass
                String s = new String(body, StandardCharsets.UTF_8);
                if (s.indexOf('\uFFFD') < 0 || decodes(body, StandardCharsets.UTF_8)) return s;
            }
        }
        return new String(body, detect(contentType, body));
    }

    public static Charset detect(String contentType, byte[] body) {
        if (startsWith(body, 0xEF, 0xBB, 0xBF)) return StandardCharsets.UTF_8;
        if (startsWith(body, 0xFE, 0xFF)) return StandardCharsets.UTF_16BE;
        if (startsWith(body, 0xFF, 0xFE)) return StandardCharsets.UTF_16LE;
        Optional<Charset> declared = named(HEADER, contentType == null ? "" : contentType);
        if (declared.isEmpty()) {
            String head = new String(body, 0, Math.min(body.length, SNIFF), StandardCharsets.ISO_8859_1);
            declared = named(META, head);
        }
        boolean utf8 = decodes(body, StandardCharsets.UTF_8);
        if (declared.isPresent()) {
            Charset c = declared.get();
            // a page labelled as a single-byte charset whose bytes are valid multi-byte UTF-8 is mislabelled
            if (utf8 && !c.equals(StandardCharsets.UTF_8) && hasHighBytes(body) && isSingleByteLatin(c)) return StandardCharsets.UTF_8;
            if (c.equals(StandardCharsets.UTF_8) && !utf8 && decodes(body, Charset.forName("GB18030"))) return Charset.forName("GB18030");
            return c;
        }
        if (utf8) return StandardCharsets.UTF_8;
        Charset gb = Charset.forName("GB18030");
        if (decodes(body, gb)) return gb;
        return Charset.forName("windows-1252");
    }

    private static boolean isSingleByteLatin(Charset c) {
        String n = c.name().toLowerCase(Locale.ROOT);
        return n.startsWith("iso-8859") || n.startsWith("windows-125") || n.equals("us-ascii");
    }

    private static Optional<Charset> named(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.find()) return Optional.empty();
        try {
            String name = m.group(1);
            // browsers treat these labels as their supersets; so do we
            if (name.equalsIgnoreCase("gb2312") || name.equalsIgnoreCase("gbk")) name = "GB18030";
            if (name.equalsIgnoreCase("iso-8859-1") || name.equalsIgnoreCase("latin1")) name = "windows-1252";
            return Optional.of(Charset.forName(name));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean decodes(byte[] body, Charset cs) {
        try {
            cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean hasHighBytes(byte[] b) {
        for (byte x : b) if (x < 0) return true;
        return false;
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if ((b[i] & 0xFF) != prefix[i]) return false;
        return true;
    }
}
