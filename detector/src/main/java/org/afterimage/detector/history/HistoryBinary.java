package org.afterimage.detector.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.afterimage.model.PostStatus;
import org.afterimage.model.Removal;

/**
 * The compact binary form of a {@link PostHistory}: the history is read and rewritten for every capture, and JSON
 * was a third of the detector's own CPU per capture and most of its changelog bytes (BENCHMARKS.md).
 *
 * <p>Layout: a format byte ({@link #FORMAT} = 1; JSON values start with '{' = 0x7B, so the two never collide and
 * values written by the JSON codec of earlier builds still read), then the fields in record order: strings as a
 * varint byte length + UTF-8 ({@code -1}: null), longs/ints as zig-zag varints, the risk as 8 bytes, the removal
 * (rare, a model record) as a length-prefixed JSON blob. A new layout gets a new format byte, never a changed one.
 */
final class HistoryBinary {
    static final byte FORMAT = 1;
    private static final PostStatus[] STATUS = PostStatus.values();

    private HistoryBinary() {
    }

    static boolean isBinary(byte[] b) {
        return b.length > 0 && b[0] == FORMAT;
    }

    static byte[] encode(PostHistory h, StateCodec<Removal> removals) {
        Out o = new Out(128 + h.url().length() + h.versions().stream().mapToInt(v -> v.text().length() * 3 + 80).sum());
        o.b(FORMAT);
        o.str(h.url());
        o.str(h.author());
        o.vlong(h.publishedAt());
        o.vlong(h.firstSeen());
        o.vlong(h.lastSeen());
        o.vlong(h.lastPresent());
        o.b((byte) h.status().ordinal());
        o.vlong(h.versions().size());
        for (PostHistory.Version v : h.versions()) {
            o.str(v.hash());
            o.str(v.text());
            o.vlong(v.firstSeen());
            o.vlong(v.lastSeen());
        }
        o.blob(h.removal() == null ? null : removals.encode(h.removal()));
        o.vlong(h.countries().size());
        for (String c : h.countries()) o.str(c);
        o.str(h.lastOutcome());
        o.vlong(h.consecutiveNotFound());
        o.vlong(h.consecutiveUnreachable());
        o.vlong(h.captures());
        o.vlong(h.seq());
        o.vlong(h.scheduledDue());
        o.vlong(Double.doubleToRawLongBits(h.risk()));
        return o.bytes();
    }

    /** @throws IOException for a truncated or inconsistent value (the caller treats it as absent) */
    static PostHistory decode(byte[] bytes, StateCodec<Removal> removals) throws IOException {
        In in = new In(bytes);
        if (in.b() != FORMAT) throw new IOException("not format " + FORMAT);
        String url = in.str();
        String author = in.str();
        long publishedAt = in.vlong();
        long firstSeen = in.vlong();
        long lastSeen = in.vlong();
        long lastPresent = in.vlong();
        int st = in.b();
        if (st < 0 || st >= STATUS.length) throw new IOException("bad status " + st);
        int nv = in.count();
        List<PostHistory.Version> versions = new ArrayList<>(nv);
        for (int i = 0; i < nv; i++) versions.add(new PostHistory.Version(in.str(), in.str(), in.vlong(), in.vlong()));
        byte[] rb = in.blob();
        Removal removal = null;
        if (rb != null) {
            removal = removals.decodeOrNull(rb);
            if (removal == null) throw new IOException("bad removal");
        }
        int nc = in.count();
        List<String> countries = new ArrayList<>(nc);
        for (int i = 0; i < nc; i++) countries.add(in.str());
        String lastOutcome = in.str();
        int notFound = (int) in.vlong();
        int unreachable = (int) in.vlong();
        int captures = (int) in.vlong();
        long seq = in.vlong();
        long due = in.vlong();
        double risk = Double.longBitsToDouble(in.vlong());
        if (in.pos != bytes.length) throw new IOException("trailing bytes");
        try {
            return new PostHistory(url, author, publishedAt, firstSeen, lastSeen, lastPresent, STATUS[st], versions,
                    removal, countries, lastOutcome, notFound, unreachable, captures, seq, due, risk);
        } catch (RuntimeException e) {
            throw new IOException(e.toString(), e);
        }
    }

    private static final class Out {
        private byte[] buf;
        private int pos;

        Out(int size) {
            buf = new byte[Math.max(64, size)];
        }

        private void room(int n) {
            if (pos + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }

        void b(byte v) {
            room(1);
            buf[pos++] = v;
        }

        void vlong(long v) {
            long z = (v << 1) ^ (v >> 63);
            room(10);
            while ((z & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            buf[pos++] = (byte) z;
        }

        void blob(byte[] v) {
            if (v == null) {
                vlong(-1);
                return;
            }
            vlong(v.length);
            room(v.length);
            System.arraycopy(v, 0, buf, pos, v.length);
            pos += v.length;
        }

        void str(String s) {
            blob(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, pos);
        }
    }

    private static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        int b() throws IOException {
            if (pos >= buf.length) throw new IOException("truncated");
            return buf[pos++];
        }

        long vlong() throws IOException {
            long z = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = b();
                z |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) return (z >>> 1) ^ -(z & 1);
            }
            throw new IOException("varint too long");
        }

        /** A length that cannot exceed the bytes left (a hostile length never allocates). */
        int count() throws IOException {
            long n = vlong();
            if (n < 0 || n > buf.length - pos) throw new IOException("bad count " + n);
            return (int) n;
        }

        byte[] blob() throws IOException {
            long n = vlong();
            if (n == -1) return null;
            if (n < 0 || n > buf.length - pos) throw new IOException("bad length " + n);
            byte[] v = Arrays.copyOfRange(buf, pos, pos + (int) n);
            pos += (int) n;
            return v;
        }

        String str() throws IOException {
            long n = vlong();
            if (n == -1) return null;
            if (n < 0 || n > buf.length - pos) throw new IOException("bad length " + n);
            String s = new String(buf, pos, (int) n, StandardCharsets.UTF_8);
            pos += (int) n;
            return s;
        }
    }
}
