package org.afterimage.crawler.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class TextsTest {
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
