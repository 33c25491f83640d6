package org.afterimage.detector.topology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
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
import org.afterimage.model.json.Json;

/**
 * Reads a capture in the form the model encoder writes it, token by token, without data binding: binding a record
 * through Jackson's creator (reflection, property buffering, a tree for the schema check) was a fifth of the
 * detector's CPU per capture. It is only a fast path: anything it is not sure of (a duplicate or mistyped field, an
 * outcome other than present or gone, a value a constructor refuses, a non-canonical instant, trailing tokens) makes
 * {@link #read} return {@code null}, and the caller then decodes with {@code Codecs.CAPTURE}, so what is accepted,
 * what is rejected and the problem reported stay the model codec's ({@code CaptureDecodeTest} checks both agree).
 */
final class CaptureReader {
    // one bit per top-level field: a field seen twice falls back (a tree keeps the last, binding may not)
    private static final int SCHEMA = 1, KEY = 2, URL = 4, FETCHED = 8, OUTCOME = 16, AUTHOR = 32, TEXT = 64,
            PUBLISHED = 128, EDITED = 256, HASH = 512, COUNTRIES = 1024, WARC = 2048, VANTAGE = 4096;

    private CaptureReader() {
    }

    /** The capture, or {@code null} when the model codec must decide. Never throws. */
    static Capture read(byte[] v) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(v)) {
            Capture c = capture(p);
            return c != null && p.nextToken() == null ? c : null;   // trailing tokens: the model codec rejects them
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Capture capture(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) return null;
        int seen = 0;
        PostKey key = null;
        String url = null, author = null, text = null, hash = null, vantage = null;
        Instant fetchedAt = null, publishedAt = null, editedAt = null;
        FetchOutcome outcome = null;
        List<String> countries = null;
        WarcRef warc = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int bit = switch (name) {
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
                default -> 0;
            };
            if (bit == 0) {
                p.skipChildren();   // unknown fields are ignored, as by the model mapper
                continue;
            }
            if ((seen & bit) != 0) return null;
            seen |= bit;
            switch (bit) {
                case SCHEMA -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() != 1) {
                        return null;
                    }
                }
                case KEY -> key = PostKey.parse(requiredString(p, value));
                case URL -> url = requiredString(p, value);
                case FETCHED -> fetchedAt = instant(p, value);
                case OUTCOME -> {
                    if (value != JsonToken.START_OBJECT) throw new IOException("not an object");
                    outcome = outcome(p);
                }
                case AUTHOR -> author = optionalString(p, value);
                case TEXT -> text = optionalString(p, value);
                case PUBLISHED -> publishedAt = value == JsonToken.VALUE_NULL ? null : instant(p, value);
                case EDITED -> editedAt = value == JsonToken.VALUE_NULL ? null : instant(p, value);
                case HASH -> hash = optionalString(p, value);
                case COUNTRIES -> countries = value == JsonToken.VALUE_NULL ? null : strings(p, value);
                case WARC -> warc = value == JsonToken.VALUE_NULL ? null : warc(p, value);
                case VANTAGE -> vantage = optionalString(p, value);
                default -> throw new IllegalStateException();
            }
        }
        // the schema field is required; key, url, fetchedAt and outcome too
        if (t != JsonToken.END_OBJECT || (seen & SCHEMA) == 0 || key == null || url == null || fetchedAt == null || outcome == null) {
            return null;
        }
        return new Capture(key, url, fetchedAt, outcome, author, text, publishedAt, editedAt, hash, countries, warc, vantage);
    }

    /** {@code present} or {@code gone}; anything else (including unreachable, which is rare) is left to the codec. */
    private static FetchOutcome outcome(JsonParser p) throws IOException {
        String kind = null;
        RemovalReason reason = null;
        Evidence evidence = null;
        int seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int bit = switch (name) {
                case "kind" -> 1;
                case "reason" -> 2;
                case "evidence" -> 4;
                default -> 0;
            };
            if (bit == 0) {
                p.skipChildren();
                continue;
            }
            if ((seen & bit) != 0) throw new IOException("duplicate");
            seen |= bit;
            switch (bit) {
                case 1 -> kind = requiredString(p, value);
                case 2 -> reason = RemovalReason.valueOf(requiredString(p, value));
                default -> {
                    if (value != JsonToken.START_OBJECT) throw new IOException("not an object");
                    evidence = evidence(p);
                }
            }
        }
        if (t != JsonToken.END_OBJECT || kind == null) return null;
        return switch (kind) {
            case "present" -> FetchOutcome.present();
            case "gone" -> reason == null || evidence == null ? null : FetchOutcome.gone(reason, evidence);
            default -> null;
        };
    }

    private static Evidence evidence(JsonParser p) throws IOException {
        Integer status = null;
        String signal = null, message = null, warcRecordId = null;
        int seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int bit = switch (name) {
                case "httpStatus" -> 1;
                case "signal" -> 2;
                case "message" -> 4;
                case "warcRecordId" -> 8;
                default -> 0;
            };
            if (bit == 0) {
                p.skipChildren();
                continue;
            }
            if ((seen & bit) != 0) throw new IOException("duplicate");
            seen |= bit;
            switch (bit) {
                case 1 -> status = integer(p, value);
                case 2 -> signal = optionalString(p, value);
                case 4 -> message = optionalString(p, value);
                default -> warcRecordId = optionalString(p, value);
            }
        }
        // a missing primitive is a question of mapper features: the codec answers it
        if (t != JsonToken.END_OBJECT || status == null) throw new IOException("not canonical");
        return new Evidence(status, signal, message, warcRecordId);
    }

    private static WarcRef warc(JsonParser p, JsonToken start) throws IOException {
        if (start != JsonToken.START_OBJECT) throw new IOException("not an object");
        String file = null, recordId = null, digest = null;
        Long offset = null;
        int seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int bit = switch (name) {
                case "file" -> 1;
                case "offset" -> 2;
                case "recordId" -> 4;
                case "payloadDigest" -> 8;
                default -> 0;
            };
            if (bit == 0) {
                p.skipChildren();
                continue;
            }
            if ((seen & bit) != 0) throw new IOException("duplicate");
            seen |= bit;
            switch (bit) {
                case 1 -> file = optionalString(p, value);
                case 2 -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        throw new IOException("not a long");
                    }
                    offset = p.getLongValue();
                }
                case 4 -> recordId = optionalString(p, value);
                default -> digest = optionalString(p, value);
            }
        }
        if (t != JsonToken.END_OBJECT || offset == null) throw new IOException("not canonical");
        return new WarcRef(file, offset, recordId, digest);
    }

    private static List<String> strings(JsonParser p, JsonToken start) throws IOException {
        if (start != JsonToken.START_ARRAY) throw new IOException("not an array");
        List<String> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.VALUE_STRING) out.add(p.getText());
        if (t != JsonToken.END_ARRAY) throw new IOException("not an array of strings");
        return out;
    }

    /** A string or null; any other token (the model mapper coerces none) is not canonical. */
    private static String optionalString(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        if (t != JsonToken.VALUE_STRING) throw new IOException("not a string");
        return p.getText();
    }

    private static String requiredString(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) throw new IOException("not a string");
        return p.getText();
    }

    private static Integer integer(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) throw new IOException("not an int");
        return p.getIntValue();
    }

    private static Instant instant(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) throw new IOException("not a string");
        return instant(p.getText());
    }

    /**
     * Reads the one form the model writes ({@code 2026-01-01T00:00:00Z}, optional fraction of 1–9 digits) without
     * {@code DateTimeFormatter} (a quarter of the bound decode); anything else, or an invalid date, throws.
     */
    static Instant instant(String s) throws IOException {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            throw new IOException("not canonical");
        }
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) throw new IOException("not canonical");
            int digits = n - 21;
            nanos = digits(s, 20, n - 1);
            for (int i = digits; i < 9; i++) nanos *= 10;
        }
        try {
            return LocalDateTime.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10), digits(s, 11, 13),
                    digits(s, 14, 16), digits(s, 17, 19), nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new IOException(e.getMessage());
        }
    }

    private static int digits(String s, int from, int to) throws IOException {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new IOException("not a digit");
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
