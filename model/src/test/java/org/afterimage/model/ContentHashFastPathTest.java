package org.afterimage.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast path of {@link ContentHash#normalise} against the full normalisation: the same text, always. */
class ContentHashFastPathTest {
    /** Characters each step of ContentHash.normalise treats specially, and some it does not. */
    private static final String ALPHABET = "aZ09 .,?&=#_-/:\t\n\r\u000B\f\u001C\u001F\u007F\u0085\u00A0\u00AD\u00E9"
            + "e\u0301\u1680\u2000\u2003\u200B\u200C\u200D\u2028\u2060\u202F\u3000\uFEFF\uFF21\uFF1F\u2460\u00BD\uFB01"
            + "中文「」︱丨年輕化\uD83D\uDE00\uD800";
    private static final String[] WORDS = {"utm_source=x", "fbclid=1", "?", "&", "&&", "?&", "s=2", "https://t.co/a?",
        "si=abc", " ", "  ", "\u200B", "ｕｔｍ_source=y", "Ａ", "ﬁ"};

    @Test
    void agreesWithContentHashOnTheWeChatTitles() throws Exception {
        List<String> texts = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/fixtures/wechat/titles-sample.csv"), StandardCharsets.UTF_8))) {
            in.lines().forEach(texts::add);
        }
        int fast = 0;
        for (String line : texts) {
            for (String t : List.of(line, line.substring(0, line.indexOf(',') < 0 ? line.length() : line.indexOf(',')),
                    "  " + line.replace(",", "  ,") + "\u200B", ContentHash.normaliseFully(line))) {
                assertSame(t);
                if (ContentHash.isNormal(t)) fast++;
            }
        }
        // the fast path is taken for most already normalised texts (else it is no fast path)
        assertThat(fast).isGreaterThan(texts.size());
    }

    @Test
    void agreesWithContentHashOnRandomHostileStrings() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 30_000; i++) {
            StringBuilder b = new StringBuilder();
            int len = rnd.nextInt(24);
            for (int j = 0; j < len; j++) {
                if (rnd.nextInt(4) == 0) b.append(WORDS[rnd.nextInt(WORDS.length)]);
                else b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
            }
            String s = b.toString();
            assertSame(s);
            assertSame(ContentHash.normaliseFully(s));
        }
    }

    @Test
    void edgeCases() {
        for (String s : new String[] {"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\u00A0b", "a\u3000b", "a\u1680b",
            "\u1680a", "a\u200Bb", "caf\u00E9", "cafe\u0301", "\uFF21", "x?utm_source=1", "x\u007Fy", "\uD800", "\uDE00a",
            "post 1 says something about the weather in town", "a".repeat(100_000)}) {
            assertSame(s);
        }
        assertThat(ContentHash.normalise(null)).isEmpty();
        assertThat(ContentHash.isNormal("post 1 says something about the weather in town")).isTrue();
        assertThat(ContentHash.isNormal("中文 標題")).isTrue();
    }

    private static void assertSame(String s) {
        assertThat(ContentHash.normalise(s)).as("normalise %s", escape(s)).isEqualTo(ContentHash.normaliseFully(s));
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c < 0x20 || c > 0x7E ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        return b.toString();
    }
}
