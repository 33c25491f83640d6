package org.afterimage.crawler.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.RemovalReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlAndFeedAdapterTest {
    static final String PROFILE = """
            name: forum
            listUrl: https://forum.example/latest
            post: article.post
            id: {attr: data-id}
            author: {selector: .author}
            text: {selector: .body}
            time: {selector: time, attr: datetime}
            permalink: {selector: a.permalink, attr: href}
            removed:
              - {selector: .notice, contains: "removed by moderators", reason: REMOVED_BY_MODERATOR}
              - {selector: .notice, contains: "deleted by its author", reason: DELETED_BY_AUTHOR}
            """;

    @TempDir
    Path dir;

    @Test
    void readsPostsAndRemovalMarkersFromAProfile() throws Exception {
        Path p = dir.resolve("forum.yaml");
        Files.writeString(p, PROFILE);
        Adapter html = Adapters.html(SiteProfile.load(p));
        String page = """
                <html><body>
                <article class="post" data-id="17"><span class="author">ana</span><time datetime="2024-01-02T03:04:05Z"></time>
                  <div class="body"><p>Hello<br>world</p></div><a class="permalink" href="/t/17">#</a></article>
                <article class="post" data-id="18"><span class="author">bo</span><div class="notice">This post was removed by moderators.</div></article>
                </body></html>""";
        List<ParsedPost> posts = html.parse(new Response("https://forum.example/latest", 200, java.util.Map.of(), page.getBytes(StandardCharsets.UTF_8), null));
        assertThat(posts).extracting(x -> x.key().postId()).containsExactly("forum/17", "forum/18");
        assertThat(posts.get(0).text()).isEqualTo("Hello\nworld");
        assertThat(posts.get(0).author()).isEqualTo("ana");
        assertThat(posts.get(0).url()).isEqualTo("https://forum.example/t/17");
        assertThat(posts.get(0).publishedAt()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(posts.get(1).outcome()).isInstanceOfSatisfying(FetchOutcome.Gone.class, g -> {
            assertThat(g.reason()).isEqualTo(RemovalReason.REMOVED_BY_MODERATOR);
            assertThat(g.evidence().message()).isEqualTo("This post was removed by moderators.");
        });
    }

    @Test
    void badProfilesNameTheKey() throws IOException {
        Path p = dir.resolve("bad.yaml");
        Files.writeString(p, "name: x\npost: 'div[['\nid: {attr: id}\ntext: {}\n");
        assertThatThrownBy(() -> SiteProfile.load(p)).isInstanceOf(IOException.class).hasMessageContaining("'post'").hasMessageContaining("div[[");
        Files.writeString(p, "name: x\nid: {attr: id}\ntext: {}\n");
        assertThatThrownBy(() -> SiteProfile.load(p)).isInstanceOf(IOException.class).hasMessageContaining("'post' is required");
        Files.writeString(p, "name: x\npost: div\nid: {attr: id}\ntext: {}\nremoved: [{selector: p, reason: EATEN}]\n");
        assertThatThrownBy(() -> SiteProfile.load(p)).isInstanceOf(IOException.class).hasMessageContaining("EATEN");
    }

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
        ParsedPost p = TelegramAdapterTest.only(rss.parse(Response.saved("https://blog.example/feed", 200, feed.getBytes(StandardCharsets.UTF_8))));
        assertThat(p.key().postId()).isEqualTo("https://blog.example/?p=1");
        assertThat(p.author()).isEqualTo("ana");
        assertThat(p.text()).isEqualTo("First\n\nBody one");
        assertThat(p.publishedAt()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        String atom = """
                <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>tag:x,2024:1</id><title>A</title>
                <link href="https://x.example/a"/><author><name>bo</name></author>
                <published>2024-01-02T03:04:05Z</published><updated>2024-01-03T00:00:00Z</updated><content type="html">text</content></entry></feed>""";
        ParsedPost a = TelegramAdapterTest.only(rss.parse(Response.saved("", 200, atom.getBytes(StandardCharsets.UTF_8))));
        assertThat(a.key().postId()).isEqualTo("tag:x,2024:1");
        assertThat(a.author()).isEqualTo("bo");
        assertThat(a.url()).isEqualTo("https://x.example/a");
        assertThat(a.editedAt()).isEqualTo(Instant.parse("2024-01-03T00:00:00Z"));
        assertThatThrownBy(() -> rss.parse(Response.saved("", 200, "<html><body>no</body></html>".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UnparseableException.class);
        assertThatThrownBy(() -> rss.parse(Response.saved("", 503, new byte[0]))).isInstanceOf(UnparseableException.class);
    }

    @Test
    void charsetFromHeaderMetaOrDetection() {
        byte[] gbk = "<html><body>中文内容</body></html>".getBytes(java.nio.charset.Charset.forName("GBK"));
        assertThat(Charsets.detect("text/html", gbk).name()).isEqualTo("GB18030");
        assertThat(new Response("", 200, java.util.Map.of(), gbk, null).text()).contains("中文内容");
        byte[] meta = "<html><head><meta charset=\"gbk\"></head><body>中文</body></html>".getBytes(java.nio.charset.Charset.forName("GBK"));
        assertThat(Charsets.detect("", meta).name()).isEqualTo("GB18030");
        byte[] utf8 = "<p>héllo</p>".getBytes(StandardCharsets.UTF_8);
        // a wrong label (latin-1) over valid UTF-8 is not trusted
        assertThat(Charsets.detect("text/html; charset=iso-8859-1", utf8)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(Charsets.detect("text/html; charset=nonsense-42", utf8)).isEqualTo(StandardCharsets.UTF_8);
    }
}
