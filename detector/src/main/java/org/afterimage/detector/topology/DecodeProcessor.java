package org.afterimage.detector.topology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.afterimage.model.Capture;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.json.Json;
import org.afterimage.model.json.MalformedRecordException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw capture bytes. Anything that is not a valid {@link Capture} whose key matches the record key becomes
 * a {@link DeadLetter} with the reason (and the original bytes): poison never stops the partition.
 */
final class DecodeProcessor implements Processor<byte[], byte[], String, Routed> {
    private static final Logger log = LoggerFactory.getLogger(DecodeProcessor.class);
    /** Dead letters keep at most this much of a key (a hostile key must not blow up the letter). */
    static final int MAX_KEY = 1024;
    /** Original value bytes kept in a letter; Base64 of this stays well under Kafka's default 1 MiB record. */
    static final int MAX_VALUE = 512 * 1024;

    private ProcessorContext<String, Routed> context;

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> r) {
        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        String problem;
        try {
            if (r.key() == null) throw new MalformedRecordException(MalformedRecordException.Problem.INVALID, "no key");
            if (r.value() == null) throw new MalformedRecordException(MalformedRecordException.Problem.NOT_JSON, "null value (captures is not compacted)");
            Capture c = decode(r.value());
            if (!c.key().toString().equals(key)) {
                throw new MalformedRecordException(MalformedRecordException.Problem.INVALID,
                        "record key '" + abbreviate(key) + "' differs from capture key '" + abbreviate(c.key().toString()) + "'");
            }
            context.forward(r.withKey(key).withValue(new Routed.Decoded(c)));
            return;
        } catch (MalformedRecordException e) {
            problem = e.getMessage();
        } catch (RuntimeException e) {
            problem = "INVALID: " + e;
        }
        RecordMetadata m = context.recordMetadata().orElse(null);
        String topic = m == null ? "unknown" : m.topic();
        int partition = m == null ? -1 : m.partition();
        long offset = m == null ? -1 : m.offset();
        log.warn("dead-lettering capture {}-{}@{} key {}: {}", topic, partition, offset, abbreviate(key), problem);
        String k = key.length() > MAX_KEY ? key.substring(0, MAX_KEY) : key;
        byte[] raw = r.value() == null ? new byte[0] : r.value();
        if (raw.length > MAX_VALUE) {
            // the letter must fit in one Kafka record (1 MiB by default): keep the head and say so
            problem = problem + " (value truncated from " + raw.length + " bytes)";
            raw = Arrays.copyOf(raw, MAX_VALUE);
        }
        String value = Base64.getEncoder().encodeToString(raw);
        DeadLetter letter = new DeadLetter(topic, partition, offset, k, value, problem, "detector",
                Instant.ofEpochMilli(Math.max(0, r.timestamp())));
        context.forward(r.withKey(k).withValue(new Routed.Letter(letter)));
    }

    /**
     * {@code Codecs.CAPTURE.decode}, faster for the common case: the model codec parses to a tree (to check the schema
     * field) and then binds the tree, twice the work of binding the bytes; the capture decode was half of the
     * detector's CPU per capture. A value that starts with exactly what the model encoder writes ({@code {"schema":1,})
     * and names no other "schema" is bound directly with the model's own mapper (same features: unknown properties
     * ignored, trailing tokens rejected); anything else, and any failure, goes through the model codec, so what is
     * rejected and the problem reported are unchanged.
     */
    static Capture decode(byte[] v) {
        if (v.length <= Codecs.CAPTURE.maxBytes() && startsWith(v, PREFIX) && indexOf(v, SCHEMA_NAME, PREFIX.length) < 0) {
            try {
                Capture c = CAPTURE_READER.readValue(v);
                if (c != null) return c;
            } catch (java.io.IOException | RuntimeException e) {
                // fall through: the model codec says precisely what is wrong
            }
        }
        return Codecs.CAPTURE.decode(v);
    }

    private static final byte[] PREFIX = "{\"schema\":1,".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SCHEMA_NAME = "\"schema\"".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectReader CAPTURE_READER = Json.MAPPER.copy()
            .registerModule(new SimpleModule("detector-fast-instant")
                    .addDeserializer(Instant.class, new FastInstant()))
            .readerFor(Capture.class);

    /**
     * Reads the one form the model writes ({@code 2026-01-01T00:00:00Z}, optional fraction of 1–9 digits) without
     * {@code DateTimeFormatter} (a quarter of the capture decode); anything else, or an invalid date, throws, and the
     * whole capture then goes through the model codec (see {@link #decode}).
     */
    static final class FastInstant extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctx)
                throws java.io.IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) throw new IOException("not a string");
            return parse(p.getText());
        }

        static Instant parse(String s) throws java.io.IOException {
            int n = s.length();
            if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                    || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
                throw new java.io.IOException("not canonical");
            }
            int nanos = 0;
            if (n > 20) {
                if (s.charAt(19) != '.' || n == 21) throw new java.io.IOException("not canonical");
                int digits = n - 21;
                nanos = digits(s, 20, n - 1);
                for (int i = digits; i < 9; i++) nanos *= 10;
            }
            try {
                return java.time.LocalDateTime.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10), digits(s, 11, 13),
                        digits(s, 14, 16), digits(s, 17, 19), nanos).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.DateTimeException e) {
                throw new java.io.IOException(e.getMessage());
            }
        }

        private static int digits(String s, int from, int to) throws java.io.IOException {
            int v = 0;
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') throw new java.io.IOException("not a digit");
                v = v * 10 + (c - '0');
            }
            return v;
        }
    }

    private static boolean startsWith(byte[] v, byte[] p) {
        if (v.length < p.length) return false;
        for (int i = 0; i < p.length; i++) if (v[i] != p[i]) return false;
        return true;
    }

    private static int indexOf(byte[] v, byte[] p, int from) {
        outer:
        for (int i = from; i <= v.length - p.length; i++) {
            for (int j = 0; j < p.length; j++) if (v[i + j] != p[j]) continue outer;
            return i;
        }
        return -1;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
