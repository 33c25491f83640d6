package org.afterimage.crawler.parse.mastodon;

import static org.afterimage.crawler.parse.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.crawler.parse.Fixtures;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.parse.UnparseableException;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;
import org.junit.jupiter.api.Test;

class MastodonAdapterTest {
    private final Adapter mastodon = Adapters.of(Platform.MASTODON);

    @Test
    void readsAStatus() throws Exception {
        var e = Fixtures.exchange("mastodon/test_status.yaml", "GET", "/api/v1/statuses/117020583223442465", 0);
        ParsedPost p = only(mastodon.parse(e.response()));
        assertThat(p.key()).isEqualTo(PostKey.of(Platform.MASTODON, "localhost:3000/117020583223442465"));
        assertThat(p.outcome()).isInstanceOf(FetchOutcome.Present.class);
        assertThat(p.author()).isEqualTo("mastodonpy_test");
        assertThat(p.text()).isEqualTo("Toot!");
        assertThat(p.publishedAt()).isEqualTo(Instant.parse("2026-08-01T13:53:15.378Z"));
        assertThat(p.editedAt()).isNull();
        assertThat(p.url()).isEqualTo("http://localhost:3000/@mastodonpy_test/117020583223442465");
    }

    @Test
    void missingStatusIsNotFoundWithThePlatformsMessage() throws Exception {
        var e = Fixtures.exchange("mastodon/test_status_missing.yaml", "GET", "/api/v1/statuses/0", 0);
        assertThat(e.status()).isEqualTo(404);
        ParsedPost p = only(mastodon.parse(e.response()));
        assertThat(p.key()).isEqualTo(PostKey.of(Platform.MASTODON, "localhost:3000/0"));
        assertThat(p.outcome()).isInstanceOfSatisfying(FetchOutcome.Gone.class, g -> {
            assertThat(g.reason()).isEqualTo(RemovalReason.NOT_FOUND);
            assertThat(g.evidence().httpStatus()).isEqualTo(404);
            assertThat(g.evidence().message()).isEqualTo("Not Found");
        });
    }

    @Test
    void editShowsAsNewTextWithEditedAtAndHistoryAsVersions() throws Exception {
        var after = Fixtures.exchange("mastodon/test_status_edit.yaml", "GET", "/api/v1/statuses/117020586180926938", 1);
        assertThat(after.uri()).endsWith("/117020586180926938");
        ParsedPost p = only(mastodon.parse(after.response()));
        assertThat(p.key().postId()).isEqualTo("localhost:3000/117020586180926938");
        assertThat(p.author()).isEqualTo("mastodonpy_test_2");
        assertThat(p.text()).isEqualTo("the best editor? why, of course it is the KDE Advanced Text Editor, Kate");
        assertThat(p.publishedAt()).isEqualTo(Instant.parse("2026-08-01T13:54:00.505Z"));
        assertThat(p.editedAt()).isEqualTo(Instant.parse("2026-08-01T13:54:00.695Z"));

        var history = Fixtures.exchange("mastodon/test_status_edit.yaml", "GET", "/history", 1);
        List<ParsedPost> versions = mastodon.parse(history.response());
        assertThat(versions).extracting(ParsedPost::text).containsExactly(
                "the best editor? why, of course it is VS Code",
                "the best editor? why, of course it is the KDE Advanced Text Editor, Kate");
        assertThat(versions).allSatisfy(v -> assertThat(v.key().postId()).isEqualTo("localhost:3000/117020586180926938"));
        assertThat(versions.get(0).publishedAt()).isEqualTo(Instant.parse("2026-08-01T13:54:00.505Z"));
        assertThat(versions.get(1).editedAt()).isEqualTo(Instant.parse("2026-08-01T13:54:00.695Z"));
        assertThat(versions.get(0).contentHash()).isNotEqualTo(versions.get(1).contentHash());

        var firstHistory = Fixtures.exchange("mastodon/test_status_edit.yaml", "GET", "/history", 0);
        assertThat(mastodon.parse(firstHistory.response())).extracting(ParsedPost::text).containsExactly("the best editor? why, of course it is VS Code");
    }

    @Test
    void readsAListTimelineAndAnEmptyContext() throws Exception {
        var tl = Fixtures.exchange("mastodon/test_list_timeline.yaml", "GET", "/api/v1/timelines/list/6", 0);
        List<ParsedPost> posts = mastodon.parse(tl.response());
        assertThat(posts).extracting(p -> p.key().postId()).containsExactly(
                "localhost:3000/117020598436551261", "localhost:3000/117020592137523525", "localhost:3000/117020590477318485",
                "localhost:3000/117020588242324937", "localhost:3000/117020588169351887", "localhost:3000/117020582721532745",
                "localhost:3000/117020574694606796");
        assertThat(posts).extracting(ParsedPost::text).containsExactly(
                "I have never stolen a ham in my life.", "you can't say that on television", "it's cool guy too",
                "on the internet, nobody knows you're a plane", "@mastodonpy_test beep beep I'm a jeep", "nice",
                "I have never stolen a ham in my life.");
        assertThat(posts).allSatisfy(p -> assertThat(p.author()).isEqualTo("admin"));
        assertThat(posts.get(0).contentHash()).isEqualTo(posts.get(6).contentHash());   // same words, same hash

        var ctx = Fixtures.exchange("mastodon/test_status_context.yaml", "GET", "/context", 0);
        assertThat(mastodon.parse(ctx.response())).isEmpty();
        // the created and the deleted status echo the status itself
        var created = Fixtures.exchange("mastodon/test_status_context.yaml", "POST", "/api/v1/statuses", 0);
        assertThat(only(mastodon.parse(created.response())).key().postId()).isEqualTo("localhost:3000/117020585487094447");
    }

    @Test
    void nonStatusJsonIsUnparseable() {
        var list = Fixtures.exchange("mastodon/test_list_timeline.yaml", "POST", "/api/v1/lists", 0);
        assertThatThrownBy(() -> mastodon.parse(list.response())).isInstanceOf(UnparseableException.class);
        assertThatThrownBy(() -> mastodon.parse(Response.saved("https://m.example/api/v1/statuses/1", 200, "{\"id\":".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UnparseableException.class).hasMessageContaining("not JSON");
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> mastodon.parse(Response.saved("https://m.example/api/v1/statuses/1", 200, deep.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UnparseableException.class);
    }
}
