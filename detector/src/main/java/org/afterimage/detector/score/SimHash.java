package org.afterimage.detector.score;

import java.util.Locale;
import org.afterimage.model.ContentHash;

/**
 * 64-bit SimHash over character 3-shingles of the normalised, lower-cased text (character shingles work for CJK
 * text, which has no spaces). Near-duplicate texts differ in few bits; {@link #BANDS} bands of 16 bits index them,
 * so two hashes within 3 bits share at least one band (pigeonhole).
 */
public final class SimHash {
    public static final int BANDS = 4;
    /** Texts shorter than this say too little to be called duplicates of anything. */
    public static final int MIN_CHARS = 20;

    private SimHash() {
    }

    /** The hash, or 0 when the text is too short. */
    public static long of(String text) {
        if (text == null) return 0;
        String t = ContentHash.normalise(text).toLowerCase(Locale.ROOT);
        int[] cps = t.codePoints().filter(c -> !Character.isWhitespace(c)).toArray();
        if (cps.length < MIN_CHARS) return 0;
        int[] v = new int[64];
        for (int i = 0; i + 3 <= cps.length; i++) {
            long h = fnv(cps[i], cps[i + 1], cps[i + 2]);
            for (int bit = 0; bit < 64; bit++) v[bit] += ((h >>> bit) & 1) == 1 ? 1 : -1;
        }
        long out = 0;
        for (int bit = 0; bit < 64; bit++) if (v[bit] > 0) out |= 1L << bit;
        return out == 0 ? 1 : out;
    }

    public static int band(long hash, int i) {
        return (int) ((hash >>> (16 * i)) & 0xFFFF);
    }

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    private static long fnv(int a, int b, int c) {
        long h = 0xcbf29ce484222325L;
        for (int x : new int[] {a, b, c}) {
            h ^= x;
            h *= 0x100000001b3L;
        }
        // final avalanche (murmur3 fmix64): FNV alone leaves the high bits poorly mixed for short inputs
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
