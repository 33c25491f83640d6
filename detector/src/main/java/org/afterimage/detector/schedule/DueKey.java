package org.afterimage.detector.schedule;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.afterimage.model.Platform;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the schedule store: {@code [platform ordinal][due ms, big-endian][post key UTF-8]}. Byte order is time
 * order within a platform, so "what is due" is one range scan that touches only due entries.
 */
public final class DueKey {
    private DueKey() {
    }

    public static Bytes of(Platform p, long dueMs, String postKey) {
        byte[] k = postKey.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(9 + k.length);
        b.put((byte) p.ordinal()).putLong(Math.max(0, dueMs)).put(k);
        return Bytes.wrap(b.array());
    }

    /** The first key at or after {@code dueMs} for {@code p}. */
    public static Bytes lower(Platform p, long dueMs) {
        return Bytes.wrap(ByteBuffer.allocate(9).put((byte) p.ordinal()).putLong(Math.max(0, dueMs)).array());
    }

    /** A key after every key due at or before {@code dueMs} for {@code p}. */
    public static Bytes upper(Platform p, long dueMs) {
        ByteBuffer b = ByteBuffer.allocate(10).put((byte) p.ordinal()).putLong(Math.max(0, dueMs)).put((byte) 0xFF);
        return Bytes.wrap(b.array());
    }

    public static long due(Bytes key) {
        return ByteBuffer.wrap(key.get(), 1, 8).getLong();
    }

    public static String postKey(Bytes key) {
        byte[] k = key.get();
        return new String(k, 9, k.length - 9, StandardCharsets.UTF_8);
    }

    /** What a schedule entry is waiting for. */
    public enum Purpose { SCHEDULED, CONFIRM, RETRY, AWAIT, RESTORE }

    /** Entry value: purpose and attempt. */
    public static byte[] value(Purpose p, int attempt) {
        return ByteBuffer.allocate(5).put((byte) p.ordinal()).putInt(attempt).array();
    }

    public static Purpose purpose(byte[] v) {
        if (v == null || v.length < 5) return Purpose.SCHEDULED;
        int o = v[0];
        return o >= 0 && o < Purpose.values().length ? Purpose.values()[o] : Purpose.SCHEDULED;
    }

    public static int attempt(byte[] v) {
        return v == null || v.length < 5 ? 1 : Math.max(1, ByteBuffer.wrap(v, 1, 4).getInt());
    }
}
