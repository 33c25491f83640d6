package org.afterimage.crawler.parse.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.Response;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.RemovalReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlAdapterTest {
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
}
