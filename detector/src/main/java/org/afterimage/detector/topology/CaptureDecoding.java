package org.afterimage.detector.topology;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.afterimage.model.Capture;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.json.MalformedRecordException;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw capture bytes. Anything that is not a valid {@link Capture} whose key matches the record key becomes
 * a {@link DeadLetter} with the reason (and the original bytes): poison never stops the partition.
 */
final class CaptureDecoding {
    private static final Logger log = LoggerFactory.getLogger(CaptureDecoding.class);
    /** Dead letters keep at most this much of a key (a hostile key must not blow up the letter). */
    static final int MAX_KEY = 1024;
    /** Original value bytes kept in a letter; Base64 of this stays well under Kafka's default 1 MiB record. */
    static final int MAX_VALUE = 512 * 1024;

    private CaptureDecoding() {
    }

    /**
     * @return {@link Routed.Decoded}, or {@link Routed.Letter} for poison (keyed by {@link DeadLetter#key()})
     */
    static Routed decode(Record<byte[], byte[]> r, RecordMetadata m) {
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
            return new Routed.Decoded(c, key);
        } catch (MalformedRecordException e) {
            problem = e.getMessage();
        } catch (RuntimeException e) {
            problem = "INVALID: " + e;
        }
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
        return new Routed.Letter(new DeadLetter(topic, partition, offset, k, value, problem, "detector",
                Instant.ofEpochMilli(Math.max(0, r.timestamp()))));
    }

    /** {@code Codecs.CAPTURE.decode}, through {@link CaptureReader} for the values the model encoder writes. */
    static Capture decode(byte[] v) {
        if (v.length <= Codecs.CAPTURE.maxBytes()) {
            Capture c = CaptureReader.read(v);
            if (c != null) return c;
        }
        return Codecs.CAPTURE.decode(v);
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
