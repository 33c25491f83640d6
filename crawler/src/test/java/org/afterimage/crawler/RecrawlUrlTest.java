package org.afterimage.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RecrawlRequest;
import org.junit.jupiter.api.Test;

/**
 * A recrawl asks for the form of the post each adapter reads removal signals from, not the human page a listing
 * linked to: a removed Telegram post's plain page (t.me/channel/id) does not say it is gone, its embed widget does.
 */
class RecrawlUrlTest {
    private static RecrawlRequest request(Platform p, String postId, String url) {
        return new RecrawlRequest(PostKey.of(p, postId), url, Instant.EPOCH, 1, 0, RecrawlRequest.Purpose.SCHEDULED);
    }

    @Test
    void platformsWithASinglePostFormAreRecrawledThroughIt() {
        assertThat(Crawler.recrawlUrl(Adapters.of(Platform.TELEGRAM), request(Platform.TELEGRAM, "durov/123", "https://t.me/durov/123")))
                .isEqualTo("https://t.me/durov/123?embed=1");
        assertThat(Crawler.recrawlUrl(Adapters.of(Platform.REDDIT), request(Platform.REDDIT, "t3_abc", "https://www.reddit.com/r/x/comments/abc/t/")))
                .isEqualTo("https://www.reddit.com/api/info.json?raw_json=1&id=t3_abc");
        assertThat(Crawler.recrawlUrl(Adapters.of(Platform.MASTODON), request(Platform.MASTODON, "mastodon.social/109", "https://mastodon.social/@a/109")))
                .isEqualTo("https://mastodon.social/api/v1/statuses/109");
    }

    @Test
    void aUrlOffThePlatformsSiteIsKept() {
        assertThat(Crawler.recrawlUrl(Adapters.of(Platform.TELEGRAM), request(Platform.TELEGRAM, "durov/1", "http://127.0.0.1:8081/t/durov/1")))
                .isEqualTo("http://127.0.0.1:8081/t/durov/1");
        assertThat(Crawler.recrawlUrl(Adapters.of(Platform.TELEGRAM), request(Platform.TELEGRAM, "durov/1", "not a url at all")))
                .isEqualTo("not a url at all");
    }

    @Test
    void feedsKeepTheCapturedUrl() {
        assertThat(Crawler.recrawlUrl(Adapters.of(Platform.RSS), request(Platform.RSS, "https://example.org/p/1", "https://example.org/p/1")))
                .isEqualTo("https://example.org/p/1");
    }
}
