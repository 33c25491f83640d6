package org.afterimage.testkit.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One edit of a seed: byte flips, truncation, splicing, deep nesting, huge runs, invalid UTF-8, hostile tokens.
 * Positions are plain ints taken modulo the current length, so jqwik shrinks a failing list of edits towards fewer,
 * smaller, earlier ones. Output is capped at {@link #MAX_BYTES} so one input cannot eat the test heap by itself.
 *
 * <p>Shared by the fuzz suites of crawler, detector and search-api (the model module keeps a copy: testkit depends
 * on it, so it cannot depend on testkit).
 */
public record Mutation(Kind kind, int at, int len, int pick) {
    public static final int MAX_BYTES = Integer.getInteger("afterimage.fuzz.maxBytes", 64 << 10);

    public enum Kind { FLIP_BIT, SET_BYTE, DELETE, INSERT_TOKEN, REPEAT, TRUNCATE, SPLICE, NEST, INVALID_UTF8, SWAP }

    /** Bytes that parsers branch on. */
    private static final int[] INTERESTING = {0, 0xFF, 0x7F, 0x80, '<', '>', '"', '\'', '{', '}', '[', ']', ',', ':', '\\', '&', ';',
        '/', '=', '\n', '\r', ' ', 0xC0, 0xC3, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF8, 0xFE, '0', '9', '-', '.', 'e'};

    private static final String[] TOKENS = {
        "<", ">", "</div>", "<div>", "<div class=\"tgme_widget_message\" data-post=\"a/1\">", "<![CDATA[", "]]>", "<!--", "-->",
        "&", "&amp;", "&#0;", "&#x110000;", "&#99999999999;", "&#xD800;", "&nbsp", "\"", "'", "{", "}", "[", "]", ":", ",",
        "null", "true", "false", "-0", "1e999999", "-1e-999999", "9223372036854775808", "-9223372036854775809",
        "123456789012345678901234567890", "0.0000000000000000000000000001", "\"\\ud800\"", "\\u0000", "\\", "\"\\",
        "<?xml version=\"1.0\"?>", "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>", "&a;", "&b;",
        "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>", "&xxe;", "<script>", "</script>", "<br>", "<style>",
        "<textarea>", "<template>", "<svg>", "<math>", "<table>", "<select>", "%", "\r\n", "\t", "\u00a0", "\ufeff", "\uffff",
        "<rss><channel><item>", "</item>", "<feed><entry>", "</entry>", "<guid>", "<link>", "<id>", "<pubDate>",
        "\"id\":", "\"id\":\"\"", "\"id\":null", "\"id\":[]", "\"id\":{}", "\"id\":-1", "\"id\":\"../../x\"", "\"text\":",
        "\"data\":", "\"data\":[]", "\"data\":{}", "\"children\":", "\"kind\":\"t1\"", "\"created_at\":\"2024-13-45T99:99:99Z\"",
        "\"created_utc\":1e300", "\"created_utc\":-1e300", "\"errors\":[{}]", "\"includes\":", "\"cards\":[{}]", "\"mblog\":",
        "\"edit_history\":", "\"deleted\":\"1\"", "data-post=\"", "datetime=\"", "+292278994-08-17T07:12:55Z",
        "Sat Jul 20 10:00:00 +0800 99999", "Mon, 32 Dec 2024 25:61:61 GMT", "charset=", "charset=x-unknown-9",
        "<meta charset=\"UTF-16\">", "<meta charset=\"gb2312\">"};

    private static final String[] OPENERS = {"[", "{\"a\":", "<div>", "<b>", "<item>", "<span><a>", "<table><tr><td>", "{\"data\":{\"children\":[", "<blockquote>"};

    public static Arbitrary<Mutation> one() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.integers().between(0, 20_000), Arbitraries.integers().between(0, 10_000)).as(Mutation::new);
    }

    public static Arbitrary<List<Mutation>> lists() {
        return one().list().ofMinSize(1).ofMaxSize(8);
    }

    public static byte[] apply(byte[] seed, List<Mutation> edits, List<byte[]> corpus) {
        byte[] b = seed;
        for (Mutation m : edits) {
            b = m.apply(b, corpus);
            if (b.length > MAX_BYTES) b = java.util.Arrays.copyOf(b, MAX_BYTES);
        }
        return b;
    }

    byte[] apply(byte[] in, List<byte[]> corpus) {
        int n = in.length;
        int p = n == 0 ? 0 : at % (n + 1);
        int span = Math.min(len, n - p);
        return switch (kind) {
            case FLIP_BIT -> {
                if (n == 0) yield in;
                byte[] out = in.clone();
                out[at % n] ^= (byte) (1 << (pick % 8));
                yield out;
            }
            case SET_BYTE -> {
                if (n == 0) yield new byte[] {(byte) INTERESTING[pick % INTERESTING.length]};
                byte[] out = in.clone();
                out[at % n] = (byte) INTERESTING[pick % INTERESTING.length];
                yield out;
            }
            case DELETE -> concat(slice(in, 0, p), slice(in, p + span, n));
            case INSERT_TOKEN -> concat(slice(in, 0, p), TOKENS[pick % TOKENS.length].getBytes(StandardCharsets.UTF_8), slice(in, p, n));
            case REPEAT -> {
                // a huge string, attribute or array from a run that is already there
                byte[] unit = span == 0 ? new byte[] {'a'} : slice(in, p, p + Math.min(span, 64));
                int times = Math.min(1 + pick * 50, MAX_BYTES / unit.length);
                ByteArrayOutputStream out = new ByteArrayOutputStream(n + unit.length * times);
                out.write(in, 0, p);
                for (int i = 0; i < times; i++) out.write(unit, 0, unit.length);
                out.write(in, p, n - p);
                yield out.toByteArray();
            }
            case TRUNCATE -> slice(in, 0, p);
            case SPLICE -> {
                byte[] other = corpus.get(pick % corpus.size());
                int q = other.length == 0 ? 0 : len % (other.length + 1);
                yield concat(slice(in, 0, p), slice(other, q, other.length));
            }
            case NEST -> {
                String open = OPENERS[pick % OPENERS.length];
                int depth = 1 + len % 5_000;
                yield concat(slice(in, 0, p), open.repeat(depth).getBytes(StandardCharsets.UTF_8), slice(in, p, n));
            }
            case INVALID_UTF8 -> {
                byte[][] bad = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                    {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0x80, (byte) 0x80}};
                yield concat(slice(in, 0, p), bad[pick % bad.length], slice(in, p, n));
            }
            case SWAP -> {
                if (n < 2) yield in;
                int q = (at / 2 + pick) % n;
                int a = Math.min(p, q), c = Math.max(p, q);
                int l = Math.min(Math.min(len % 256, c - a), n - c);
                if (l <= 0) yield in;
                byte[] out = in.clone();
                System.arraycopy(in, c, out, a, l);
                System.arraycopy(in, a, out, c, l);
                yield out;
            }
        };
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, Math.min(from, b.length), Math.max(Math.min(to, b.length), Math.min(from, b.length)));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] x : parts) out.write(x, 0, x.length);
        return out.toByteArray();
    }
}
