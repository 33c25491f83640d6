package org.afterimage.crawler.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class TextsTest {
    /** The regex version {@link Texts#tidy} replaced: the hand-written pass must give exactly the same text. */
    private static String tidyByRegex(String s) {
        String[] lines = s.replaceAll("[ \\t\\x0B\\f\\r\\u00A0]+", " ").split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (String l : lines) out.append(l.strip()).append('\n');
        return out.toString().replaceAll("\\n{3,}", "\n\n").strip();
    }

    @Test
    void tidyAgreesWithTheRegexVersion() {
        String[] cases = {"", " ", "\n\n\n", "a", "  a  b\t\tc  ", "a\nb", "a\n\nb", "a\n\n\n\n b \n", "\r\n a \r\n\r\n\r\nb\r\n",
            "\u00A0x\u00A0\u00A0y\u00A0", "\u2003 wide \u2003", "a\u000B\fb", "line\n \t \nnext", "\n\nlead and trail\n\n", "x\u3000\n\u3000y",
            "\n", " \n \n a"};
        for (String c : cases) assertThat(Texts.tidy(c)).as("'%s'", c).isEqualTo(tidyByRegex(c));
    }

    @Test
    void fastFragmentPathAgreesWithTheDomOnRealAndTrickyFragments() throws Exception {
        int n = 0;
        for (String cassette : new String[] {"mastodon/test_list_timeline.yaml", "mastodon/test_status_edit.yaml", "mastodon/test_status.yaml"}) {
            for (Fixtures.Exchange e : Fixtures.cassette(cassette)) {
                JsonNode root;
                try {
                    root = PlatformJson.read(e.body());
                } catch (UnparseableException x) {
                    continue;
                }
                for (JsonNode s : root.isArray() ? root : java.util.List.of(root)) {
                    if (s.has("content")) {
                        String html = s.get("content").asText();
                        assertThat(Texts.ofFragment(html)).as(html).isEqualTo(Texts.ofHtml(html));
                        n++;
                    }
                }
            }
        }
        assertThat(n).isGreaterThan(10);
        for (String html : new String[] {"<p>a &amp; b &lt;c&gt;</p><p>d<br/>e</p>", "x < y and 3<4", "<a href=\"x\">@<span>u</span></a> hi",
                "line\nbreak", "<p>unterminated <b", "&#x4e2d;&#25991;", "<blockquote>q</blockquote>after"}) {
            assertThat(Texts.ofFragment(html)).as(html).isEqualTo(Texts.ofHtml(html));
        }
    }
}
