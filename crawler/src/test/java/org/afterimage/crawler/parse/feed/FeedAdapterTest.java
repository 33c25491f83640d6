package org.afterimage.crawler.parse.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.crawler.parse.Fixtures;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.parse.UnparseableException;
import org.afterimage.model.Platform;
import org.junit.jupiter.api.Test;

class FeedAdapterTest {
    @Test
    void readsRssAndAtom() throws Exception {
        Adapter rss = Adapters.of(Platform.RSS);
        String feed = """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>
                <item><title>First</title><link>https://blog.example/1</link><guid>https://blog.example/?p=1</guid>
                <dc:creator>ana</dc:creator><pubDate>Tue, 02 Jan 2024 03:04:05 GMT</pubDate>
                <description>&lt;p&gt;Body &lt;b&gt;one&lt;/b&gt;&lt;/p&gt;</description></item>
                </channel></rss>""";
        ParsedPost p = Fixtures.only(rss.parse(Response.saved("https://blog.example/feed", 200, feed.getBytes(StandardCharsets.UTF_8))));
        assertThat(p.key().postId()).isEqualTo("https://blog.example/?p=1");
        assertThat(p.author()).isEqualTo("ana");
        assertThat(p.text()).isEqualTo("First\n\nBody one");
        assertThat(p.publishedAt()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        String atom = """
                <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>tag:x,2024:1</id><title>A</title>
                <link href="https://x.example/a"/><author><name>bo</name></author>
                <published>2024-01-02T03:04:05Z</published><updated>2024-01-03T00:00:00Z</updated><content type="html">text</content></entry></feed>""";
        ParsedPost a = Fixtures.only(rss.parse(Response.saved("", 200, atom.getBytes(StandardCharsets.UTF_8))));
        assertThat(a.key().postId()).isEqualTo("tag:x,2024:1");
        assertThat(a.author()).isEqualTo("bo");
        assertThat(a.url()).isEqualTo("https://x.example/a");
        assertThat(a.editedAt()).isEqualTo(Instant.parse("2024-01-03T00:00:00Z"));
        assertThatThrownBy(() -> rss.parse(Response.saved("", 200, "<html><body>no</body></html>".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UnparseableException.class);
        assertThatThrownBy(() -> rss.parse(Response.saved("", 503, new byte[0]))).isInstanceOf(UnparseableException.class);
    }
}
