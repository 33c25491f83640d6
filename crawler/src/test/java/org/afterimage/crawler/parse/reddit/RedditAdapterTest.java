package org.afterimage.crawler.parse.reddit;

import static org.afterimage.crawler.parse.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

class RedditAdapterTest {
    private final Adapter reddit = Adapters.of(Platform.REDDIT);

    @Test
    void readsAVisibleComment() throws Exception {
        var e = Fixtures.exchange("reddit/TestComment.test_refresh.json", "GET", "/api/info/", 0);
        ParsedPost p = only(reddit.parse(e.response()));
        assertThat(p.key()).isEqualTo(PostKey.of(Platform.REDDIT, "t1_d81vwef"));
        assertThat(p.outcome()).isInstanceOf(FetchOutcome.Present.class);
        assertThat(p.author()).isEqualTo("bboe");
        assertThat(p.text()).isEqualTo("That appears to be a bug in that PRAW4 is currently using `/api/info` to load the comment's attributes. I'll see what I can do.");
        assertThat(p.publishedAt()).isEqualTo(Instant.ofEpochSecond(1474842803));
        assertThat(p.editedAt()).isNull();
    }

    @Test
    void readsAThreadWithNestedReplies() throws Exception {
        var e = Fixtures.exchange("reddit/TestComment.test_refresh.json", "GET", "/comments/54hhwl", 0);
        List<ParsedPost> posts = reddit.parse(e.response());
        assertThat(posts).extracting(p -> p.key().postId()).containsExactly("t3_54hhwl", "t1_d81vwef", "t1_d81w4vt");
        assertThat(posts).extracting(ParsedPost::author).containsExactly("OkRedditBot", "bboe", "OkRedditBot");
        assertThat(posts.get(0).text()).startsWith("[PRAW 4]: Fetch specific comment replies\n\nJust as the title states.");
        assertThat(posts.get(0).publishedAt()).isEqualTo(Instant.ofEpochSecond(1474842336));
        assertThat(posts.get(2).text()).startsWith("Thank you! My bot currently relies on this functio");
        assertThat(posts).allSatisfy(p -> assertThat(p.outcome()).isInstanceOf(FetchOutcome.Present.class));
    }

    @Test
    void deletedCommentIsDeletedByAuthor() throws Exception {
        var e = Fixtures.exchange("reddit/TestComment.test_refresh__deleted_comment.json", "GET", "/api/info/", 0);
        ParsedPost p = only(reddit.parse(e.response()));
        assertThat(p.key().postId()).isEqualTo("t1_d7ltvl0");
        assertThat(p.author()).isNull();
        assertThat(p.text()).isNull();
        assertThat(p.publishedAt()).isEqualTo(Instant.ofEpochSecond(1473815863));
        assertThat(p.outcome()).isInstanceOfSatisfying(FetchOutcome.Gone.class, g -> {
            assertThat(g.reason()).isEqualTo(RemovalReason.DELETED_BY_AUTHOR);
            assertThat(g.evidence().signal()).isEqualTo("reddit:[deleted]");
        });

        var del = Fixtures.exchange("reddit/TestComment.test_delete.json", "GET", "/api/info/", 0);
        ParsedPost d = only(reddit.parse(del.response()));
        assertThat(d.key().postId()).isEqualTo("t1_d1616q2");
        assertThat(d.outcome()).isInstanceOfSatisfying(FetchOutcome.Gone.class, g -> assertThat(g.reason()).isEqualTo(RemovalReason.DELETED_BY_AUTHOR));
        assertThat(d.editedAt()).isEqualTo(Instant.ofEpochSecond(1458444463));
    }

    @Test
    void threadThatNoLongerHoldsTheAskedCommentReportsItNotFound() throws Exception {
        var e = Fixtures.exchange("reddit/TestComment.test_refresh__deleted_comment.json", "GET", "/comments/52o2fl", 0);
        List<ParsedPost> posts = reddit.parse(e.response());
        assertThat(posts).extracting(p -> p.key().postId()).containsExactly("t3_52o2fl", "t1_d7ltvl0");
        assertThat(posts.get(0).author()).isEqualTo("CorvetteCole");
        assertThat(posts.get(0).text()).isEqualTo("testing define bot!\n\ntest");
        assertThat(posts.get(1).outcome()).isInstanceOfSatisfying(FetchOutcome.Gone.class, g -> {
            assertThat(g.reason()).isEqualTo(RemovalReason.NOT_FOUND);
            assertThat(g.evidence().signal()).isEqualTo("reddit:absent_from_thread");
        });
    }

    @Test
    void moderationActionAcknowledgementsHoldNoPosts() throws Exception {
        var remove = Fixtures.exchange("reddit/TestCommentModeration.test_remove.json", "POST", "/api/remove/", 0);
        assertThat(reddit.parse(remove.response())).isEmpty();
        var del = Fixtures.exchange("reddit/TestComment.test_delete.json", "POST", "/api/del/", 0);
        assertThat(reddit.parse(del.response())).isEmpty();
    }

    /** The real deleted-comment listing with its body set to what a moderator removal shows. */
    @Test
    void removedIsModeratorUnlessTheCategorySaysThePlatform() throws Exception {
        String deleted = new String(Fixtures.exchange("reddit/TestComment.test_refresh__deleted_comment.json", "GET", "/api/info/", 0).body(), StandardCharsets.UTF_8);
        String removed = deleted.replace("\"body\": \"[deleted]\"", "\"body\": \"[removed]\"").replace("\"author\": \"[deleted]\"", "\"author\": \"someone\"");
        ParsedPost mod = only(reddit.parse(Response.saved("", 200, removed.getBytes(StandardCharsets.UTF_8))));
        assertThat(((FetchOutcome.Gone) mod.outcome()).reason()).isEqualTo(RemovalReason.REMOVED_BY_MODERATOR);
        assertThat(mod.author()).isEqualTo("someone");
        String admins = removed.replace("\"banned_by\": null", "\"removed_by_category\": \"anti_evil_ops\", \"banned_by\": null");
        ParsedPost platform = only(reddit.parse(Response.saved("", 200, admins.getBytes(StandardCharsets.UTF_8))));
        assertThat(((FetchOutcome.Gone) platform.outcome()).reason()).isEqualTo(RemovalReason.CENSORED);
        assertThat(((FetchOutcome.Gone) platform.outcome()).evidence().signal()).isEqualTo("reddit:removed_by_category=anti_evil_ops");

        assertThat(RedditAdapter.removal("[removed]", "x", "reddit")).contains(RemovalReason.CENSORED);
        assertThat(RedditAdapter.removal("[removed]", "x", "moderator")).contains(RemovalReason.REMOVED_BY_MODERATOR);
        assertThat(RedditAdapter.removal("[removed]", "x", "automod_filtered")).contains(RemovalReason.REMOVED_BY_MODERATOR);
        assertThat(RedditAdapter.removal("[deleted]", "[deleted]", "deleted")).contains(RemovalReason.DELETED_BY_AUTHOR);
        assertThat(RedditAdapter.removal("[removed]", "x", "copyright_takedown")).contains(RemovalReason.CENSORED);
        assertThat(RedditAdapter.removal("hello", "x", null)).isEqualTo(Optional.empty());
    }

    @Test
    void notFoundPrivateAndGarbage() throws Exception {
        Response r404 = Response.saved("https://www.reddit.com/comments/abc123.json", 404, "{\"message\": \"Not Found\", \"error\": 404}".getBytes(StandardCharsets.UTF_8));
        assertThat(((FetchOutcome.Gone) only(reddit.parse(r404)).outcome()).reason()).isEqualTo(RemovalReason.NOT_FOUND);
        Response r403 = Response.saved("https://www.reddit.com/comments/abc123.json", 403, "{\"reason\": \"private\", \"message\": \"Forbidden\", \"error\": 403}".getBytes(StandardCharsets.UTF_8));
        assertThat(((FetchOutcome.Gone) only(reddit.parse(r403)).outcome()).reason()).isEqualTo(RemovalReason.PRIVATE);
        assertThatThrownBy(() -> reddit.parse(Response.saved("", 200, "[1,2,3]".getBytes(StandardCharsets.UTF_8)))).isInstanceOf(UnparseableException.class);
        assertThatThrownBy(() -> reddit.parse(Response.saved("", 404, new byte[0]))).isInstanceOf(UnparseableException.class)
                .hasMessageContaining("--url");
    }
}
