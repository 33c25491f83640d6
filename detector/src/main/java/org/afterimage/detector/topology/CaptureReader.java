package org.afterimage.detector.topology;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.afterimage.model.Capture;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.WarcRef;

/**
 * Reads a capture written by the model encoder, byte by byte: the JSON the encoder writes (no whitespace, known
 * fields, each once, instants in their canonical form) is a small grammar, and scanning it is several times cheaper
 * than a JSON parser (the capture decode was the largest part of the detector's CPU per capture after the state
 * stores). It is only a fast path: anything outside that grammar (whitespace, an unknown or repeated field, an
 * outcome other than present or gone, a value a constructor refuses, invalid UTF-8, trailing bytes) makes
 * {@link #read} return {@code null}, and the caller decodes with {@code Codecs.CAPTURE}; so what is accepted, what
 * is rejected and the problem reported stay the model codec's ({@code CaptureReaderFuzzTest} checks both agree on
 * encoded, edited and mutated captures).
 */
final class CaptureReader {
    /** Thrown to give up on the fast path; carries no stack trace (it is control flow, not an error). */
    private static final RuntimeException NOT_CANONICAL = new RuntimeException("not canonical", null, false, false) {
    };

    // one bit per top-level field: a repeated field gives up (a JSON tree keeps the last one)
    private static final int SCHEMA = 1, KEY = 2, URL = 4, FETCHED = 8, OUTCOME = 16, AUTHOR = 32, TEXT = 64,
            PUBLISHED = 128, EDITED = 256, HASH = 512, COUNTRIES = 1024, WARC = 2048, VANTAGE = 4096;

    private final byte[] b;
    private int i;

    private CaptureReader(byte[] b) {
        this.b = b;
    }

    /** The capture, or {@code null} when the model codec must decide. Never throws. */
    static Capture read(byte[] v) {
        try {
            CaptureReader r = new CaptureReader(v);
            Capture c = r.capture();
            return r.i == v.length ? c : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Capture capture() {
        expect('{');
        int seen = 0;
        PostKey key = null;
        String url = null, author = null, text = null, hash = null, vantage = null;
        Instant fetchedAt = null, publishedAt = null, editedAt = null;
        FetchOutcome outcome = null;
        List<String> countries = null;
        WarcRef warc = null;
        do {
            int bit = switch (name()) {
                case "schema" -> SCHEMA;
                case "key" -> KEY;
                case "url" -> URL;
                case "fetchedAt" -> FETCHED;
                case "outcome" -> OUTCOME;
                case "author" -> AUTHOR;
                case "text" -> TEXT;
                case "publishedAt" -> PUBLISHED;
                case "editedAt" -> EDITED;
                case "contentHash" -> HASH;
                case "countries" -> COUNTRIES;
                case "warc" -> WARC;
                case "vantage" -> VANTAGE;
                default -> throw NOT_CANONICAL;   // unknown fields are ignored by the codec: let it
            };
            if ((seen & bit) != 0) throw NOT_CANONICAL;
            seen |= bit;
            switch (bit) {
                case SCHEMA -> {
                    if (number() != 1) throw NOT_CANONICAL;
                }
                case KEY -> key = PostKey.parse(string());
                case URL -> url = string();
                case FETCHED -> fetchedAt = instant(string());
                case OUTCOME -> outcome = outcome();
                case AUTHOR -> author = nullOr() ? null : string();
                case TEXT -> text = nullOr() ? null : string();
                case PUBLISHED -> publishedAt = nullOr() ? null : instant(string());
                case EDITED -> editedAt = nullOr() ? null : instant(string());
                case HASH -> hash = nullOr() ? null : string();
                case COUNTRIES -> countries = nullOr() ? null : strings();
                case WARC -> warc = nullOr() ? null : warc();
                case VANTAGE -> vantage = nullOr() ? null : string();
                default -> throw NOT_CANONICAL;
            }
        } while (comma());
        expect('}');
        if ((seen & SCHEMA) == 0 || key == null || url == null || fetchedAt == null || outcome == null) throw NOT_CANONICAL;
        return new Capture(key, url, fetchedAt, outcome, author, text, publishedAt, editedAt, hash, countries, warc, vantage);
    }

    /** {@code present} or {@code gone}; anything else (unreachable is rare) is left to the codec. */
    private FetchOutcome outcome() {
        expect('{');
        String kind = null;
        RemovalReason reason = null;
        Evidence evidence = null;
        do {
            switch (name()) {
                case "kind" -> {
                    if (kind != null) throw NOT_CANONICAL;
                    kind = string();
                }
                case "reason" -> {
                    if (reason != null) throw NOT_CANONICAL;
                    reason = RemovalReason.valueOf(string());
                }
                case "evidence" -> {
                    if (evidence != null) throw NOT_CANONICAL;
                    evidence = evidence();
                }
                default -> throw NOT_CANONICAL;
            }
        } while (comma());
        expect('}');
        if ("present".equals(kind) && reason == null && evidence == null) return FetchOutcome.present();
        if ("gone".equals(kind) && reason != null && evidence != null) return FetchOutcome.gone(reason, evidence);
        throw NOT_CANONICAL;
    }

    private Evidence evidence() {
        expect('{');
        long status = -1;
        String signal = null, message = null, warcRecordId = null;
        int seen = 0;
        do {
            int bit = switch (name()) {
                case "httpStatus" -> 1;
                case "signal" -> 2;
                case "message" -> 4;
                case "warcRecordId" -> 8;
                default -> throw NOT_CANONICAL;
            };
            if ((seen & bit) != 0) throw NOT_CANONICAL;
            seen |= bit;
            switch (bit) {
                case 1 -> status = number();
                case 2 -> signal = nullOr() ? null : string();
                case 4 -> message = nullOr() ? null : string();
                default -> warcRecordId = nullOr() ? null : string();
            }
        } while (comma());
        expect('}');
        // a missing status is a question of mapper features (a primitive): the codec answers it
        if ((seen & 1) == 0 || status > Integer.MAX_VALUE || status < Integer.MIN_VALUE) throw NOT_CANONICAL;
        return new Evidence((int) status, signal, message, warcRecordId);
    }

    private WarcRef warc() {
        expect('{');
        String file = null, recordId = null, digest = null;
        long offset = 0;
        int seen = 0;
        do {
            int bit = switch (name()) {
                case "file" -> 1;
                case "offset" -> 2;
                case "recordId" -> 4;
                case "payloadDigest" -> 8;
                default -> throw NOT_CANONICAL;
            };
            if ((seen & bit) != 0) throw NOT_CANONICAL;
            seen |= bit;
            switch (bit) {
                case 1 -> file = nullOr() ? null : string();
                case 2 -> offset = number();
                case 4 -> recordId = nullOr() ? null : string();
                default -> digest = nullOr() ? null : string();
            }
        } while (comma());
        expect('}');
        if ((seen & 2) == 0) throw NOT_CANONICAL;
        return new WarcRef(file, offset, recordId, digest);
    }

    private List<String> strings() {
        expect('[');
        List<String> out = new ArrayList<>();
        if (peek() == ']') {
            i++;
            return out;
        }
        do {
            out.add(string());
        } while (comma());
        expect(']');
        return out;
    }

    /** A field name and its colon. */
    private String name() {
        String n = string();
        expect(':');
        return n;
    }

    /** Consumes {@code null} if it is next. */
    private boolean nullOr() {
        if (peek() != 'n') return false;
        if (i + 4 > b.length || b[i + 1] != 'u' || b[i + 2] != 'l' || b[i + 3] != 'l') throw NOT_CANONICAL;
        i += 4;
        return true;
    }

    /** A JSON integer that fits a long: no fraction, exponent or leading zero (the codec decides those). */
    private long number() {
        boolean negative = peek() == '-';
        if (negative) i++;
        int start = i;
        long v = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            if (i - start >= 19) throw NOT_CANONICAL;   // does not fit: the codec decides
            v = Math.addExact(Math.multiplyExact(v, 10), b[i++] - '0');
        }
        int digits = i - start;
        if (digits == 0 || (digits > 1 && b[start] == '0')) throw NOT_CANONICAL;
        if (i < b.length && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) throw NOT_CANONICAL;
        return negative ? -v : v;
    }

    /** A JSON string: ASCII and escape-free is the common case; escapes and UTF-8 are decoded strictly. */
    private String string() {
        expect('"');
        int start = i;
        boolean ascii = true;
        while (true) {
            if (i >= b.length) throw NOT_CANONICAL;
            int c = b[i];
            if (c == '"') break;
            if (c == '\\') return escaped(start);
            if (c >= 0 && c < 0x20) throw NOT_CANONICAL;   // unescaped control characters are not JSON
            if (c < 0) ascii = false;
            i++;
        }
        String s = ascii ? new String(b, start, i - start, StandardCharsets.ISO_8859_1) : utf8(start, i);
        i++;
        return s;
    }

    /** The rest of a string from {@code start}, whose next byte is a backslash. */
    private String escaped(int start) {
        StringBuilder sb = new StringBuilder(i - start + 16).append(utf8(start, i));
        while (true) {
            if (i >= b.length) throw NOT_CANONICAL;
            int c = b[i];
            if (c == '"') {
                i++;
                return sb.toString();
            }
            if (c == '\\') {
                if (i + 1 >= b.length) throw NOT_CANONICAL;
                char e = (char) b[i + 1];
                i += 2;
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (i + 4 > b.length) throw NOT_CANONICAL;
                        int v = 0;
                        for (int k = 0; k < 4; k++) {
                            int d = Character.digit(b[i + k], 16);
                            if (d < 0 || b[i + k] < 0) throw NOT_CANONICAL;
                            v = v * 16 + d;
                        }
                        i += 4;
                        sb.append((char) v);
                    }
                    default -> throw NOT_CANONICAL;
                }
                continue;
            }
            if (c >= 0 && c < 0x20) throw NOT_CANONICAL;
            int from = i;
            while (i < b.length && b[i] != '"' && b[i] != '\\' && (b[i] < 0 || b[i] >= 0x20)) i++;
            sb.append(utf8(from, i));
        }
    }

    /** Strict UTF-8: a malformed sequence gives up (the codec reports it). */
    private String utf8(int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw NOT_CANONICAL;
        }
    }

    private boolean comma() {
        if (peek() != ',') return false;
        i++;
        return true;
    }

    private int peek() {
        if (i >= b.length) throw NOT_CANONICAL;
        return b[i];
    }

    private void expect(char c) {
        if (peek() != c) throw NOT_CANONICAL;
        i++;
    }

    /**
     * Reads the one form the model writes ({@code 2026-01-01T00:00:00Z}, optional fraction of 1–9 digits) without
     * {@code DateTimeFormatter}; anything else, or an invalid date, gives up.
     */
    static Instant instant(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            throw NOT_CANONICAL;
        }
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) throw NOT_CANONICAL;
            int digits = n - 21;
            nanos = digits(s, 20, n - 1);
            for (int k = digits; k < 9; k++) nanos *= 10;
        }
        try {
            return LocalDateTime.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10), digits(s, 11, 13),
                    digits(s, 14, 16), digits(s, 17, 19), nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw NOT_CANONICAL;
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') throw NOT_CANONICAL;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
