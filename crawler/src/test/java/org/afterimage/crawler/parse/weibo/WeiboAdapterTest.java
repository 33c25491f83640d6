package org.afterimage.crawler.parse.weibo;

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
import org.afterimage.model.UnreachableCause;
import org.junit.jupiter.api.Test;

class WeiboAdapterTest {
    private final Adapter weibo = Adapters.of(Platform.WEIBO);

    private List<ParsedPost> parse(String url, int status, String json) throws UnparseableException {
        return weibo.parse(Response.saved(url, status, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void realUserInfoContainerHoldsNoPosts() throws Exception {
        assertThat(weibo.parse(Fixtures.page("weibo/getIndex-userInfo.json", "https://m.weibo.cn/api/container/getIndex?uid=6100410734"))).isEmpty();
    }

    /** Timeline items in the shapes NOTES.md records (from stablog's recorded examples). */
    @Test
    void removedAndHiddenTimelineItems() throws Exception {
        String cards = """
                {"ok":1,"data":{"cards":[
                 {"card_type":9,"mblog":{"id":"4400000000000001","created_at":"Sat Jul 20 10:00:00 +0800 2019","text":"今天<br/>天气很好","user":{"id":1,"screen_name":"吃鸡搞笑视频"}}},
                 {"card_type":9,"mblog":{"id":"4400000000000002","mid":"4400000000000002","user":null,"deleted":"1","state":7,"text":"抱歉，此微博已被作者删除。查看帮助：<a href=\\"http://t.cn/x\\">http://t.cn/x</a>"}},
                 {"card_type":9,"mblog":{"id":"4400000000000003","user":null,"deleted":"1","state":8,"text":"该微博因被多人投诉，根据《微博社区公约》，已被删除。"}},
                 {"card_type":9,"mblog":{"id":"4400000000000004","user":null,"visible":{"type":1},"text":"你没有查看这条微博的权限"}},
                 {"card_type":9,"mblog":{"id":"4400000000000005","user":null,"visible":{"type":0,"list_id":3},"text":"抱歉，作者已设置仅展示半年内微博，此微博已不可见。"}}
                ]}}""";
        List<ParsedPost> posts = parse("", 200, cards);
        assertThat(posts).extracting(p -> p.key().postId()).containsExactly(
                "4400000000000001", "4400000000000002", "4400000000000003", "4400000000000004", "4400000000000005");
        ParsedPost first = posts.get(0);
        assertThat(first.outcome()).isInstanceOf(FetchOutcome.Present.class);
        assertThat(first.author()).isEqualTo("吃鸡搞笑视频");
        assertThat(first.text()).isEqualTo("今天\n天气很好");
        assertThat(first.publishedAt()).isEqualTo(Instant.parse("2019-07-20T02:00:00Z"));
        assertThat(posts.subList(1, 5)).extracting(p -> ((FetchOutcome.Gone) p.outcome()).reason()).containsExactly(
                RemovalReason.DELETED_BY_AUTHOR, RemovalReason.CENSORED, RemovalReason.CENSORED, RemovalReason.PRIVATE);
        assertThat(((FetchOutcome.Gone) posts.get(2).outcome()).evidence().message()).isEqualTo("该微博因被多人投诉，根据《微博社区公约》，已被删除。");
        assertThat(((FetchOutcome.Gone) posts.get(4).outcome()).reason().isContentRemoval()).isFalse();
    }

    @Test
    void statusesShowErrorCodes() throws Exception {
        String url = "https://m.weibo.cn/statuses/show?id=4400000000000009";
        ParsedPost notFound = only(parse(url, 200, "{\"error\":\"target weibo does not exist!\",\"error_code\":20101,\"request\":\"/2/statuses/show.json\"}"));
        assertThat(notFound.key()).isEqualTo(PostKey.of(Platform.WEIBO, "4400000000000009"));
        assertThat(notFound.outcome()).isInstanceOfSatisfying(FetchOutcome.Gone.class, g -> {
            assertThat(g.reason()).isEqualTo(RemovalReason.NOT_FOUND);
            assertThat(g.evidence().signal()).isEqualTo("weibo:20101");
            assertThat(g.evidence().message()).isEqualTo("target weibo does not exist!");
        });
        ParsedPost denied = only(parse(url, 200, "{\"error\":\"permission denied!\",\"error_code\":20112}"));
        assertThat(((FetchOutcome.Gone) denied.outcome()).reason()).isEqualTo(RemovalReason.CENSORED);
        ParsedPost mobile = only(parse(url, 200, "{\"ok\":0,\"errno\":\"20112\",\"msg\":\"由于作者隐私设置，你没有权限查看此微博\"}"));
        assertThat(((FetchOutcome.Gone) mobile.outcome()).reason()).isEqualTo(RemovalReason.CENSORED);
        for (int code : new int[] {20132, 20135}) {
            assertThat(((FetchOutcome.Gone) only(parse(url, 200, "{\"error_code\":" + code + "}")).outcome()).reason()).isEqualTo(RemovalReason.NOT_FOUND);
        }
        ParsedPost limited = only(parse(url, 200, "{\"error\":\"User requests out of rate limit!\",\"error_code\":10023}"));
        assertThat(limited.outcome()).isInstanceOfSatisfying(FetchOutcome.Unreachable.class, u -> assertThat(u.cause()).isEqualTo(UnreachableCause.RATE_LIMITED));
        ParsedPost unknown = only(parse(url, 200, "{\"error_code\":29999,\"error\":\"?\"}"));
        assertThat(unknown.outcome()).isInstanceOf(FetchOutcome.Unreachable.class);
        ParsedPost suspended = only(parse(url, 200, "{\"ok\":0,\"msg\":\"该账号因被投诉违反法律法规和《微博社区公约》的相关规定，现已无法查看。\"}"));
        assertThat(((FetchOutcome.Gone) suspended.outcome()).reason()).isEqualTo(RemovalReason.ACCOUNT_SUSPENDED);
    }

    @Test
    void singleStatusAndGarbage() throws Exception {
        ParsedPost p = only(parse("", 200, "{\"ok\":1,\"data\":{\"id\":\"4400000000000007\",\"text\":\"hi\",\"edit_at\":\"Sun Jul 21 10:00:00 +0800 2019\",\"created_at\":\"Sat Jul 20 10:00:00 +0800 2019\",\"user\":{\"screen_name\":\"a\"}}}"));
        assertThat(p.text()).isEqualTo("hi");
        assertThat(p.editedAt()).isEqualTo(Instant.parse("2019-07-21T02:00:00Z"));
        assertThatThrownBy(() -> parse("", 200, "{\"ok\":1,\"data\":{\"foo\":1}}")).isInstanceOf(UnparseableException.class);
        assertThatThrownBy(() -> parse("", 200, "<html>")).isInstanceOf(UnparseableException.class);
        assertThatThrownBy(() -> parse("", 200, "{\"ok\":1,\"data\":{\"cards\":[{\"mblog\":{\"id\":\"x\"}}]}}")).isInstanceOf(UnparseableException.class);
    }
}
