package org.afterimage.crawler.parse.wechat;

import static org.afterimage.crawler.parse.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

class WechatAdapterTest {
    private final Adapter wechat = Adapters.of(Platform.WECHAT);

    /** The reason each message WeChatscope recorded must give, decided here independently of the adapter's table. */
    private static final Map<String, RemovalReason> EXPECTED = Map.of(
            "该内容已被发布者删除", RemovalReason.DELETED_BY_AUTHOR,
            "此内容因违规无法查看", RemovalReason.CENSORED,
            "此帐号已被屏蔽,", RemovalReason.ACCOUNT_SUSPENDED,
            "此内容被投诉且经审核涉嫌侵权，无法查看。", RemovalReason.CENSORED,
            "该公众号已迁移", RemovalReason.ACCOUNT_GONE,
            "此内容被多人投诉，相关的内容无法进行查看。", RemovalReason.CENSORED);

    static List<Map<String, String>> csv() {
        String text = new String(Fixtures.bytes("wechat/wechatscope-removals-2018-2019H1.csv"), StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') { field.append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ',') { row.add(field.toString()); field.setLength(0); }
            else if (c == '\n') { row.add(field.toString()); field.setLength(0); rows.add(row); row = new ArrayList<>(); }
            else if (c != '\r') field.append(c);
        }
        if (!field.isEmpty() || !row.isEmpty()) { row.add(field.toString()); rows.add(row); }
        List<String> header = rows.get(0);
        List<Map<String, String>> out = new ArrayList<>();
        for (List<String> r : rows.subList(1, rows.size())) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) m.put(header.get(i), i < r.size() ? r.get(i) : "");
            out.add(m);
        }
        return out;
    }

    @Test
    void everyRecordedRemovalMessageMapsToItsReason() {
        List<Map<String, String>> rows = csv();
        assertThat(rows).hasSize(9370);
        Map<String, Integer> distinct = new LinkedHashMap<>();
        for (Map<String, String> r : rows) distinct.merge(r.get("censored_msg"), 1, Integer::sum);
        assertThat(distinct.keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        assertThat(distinct).containsEntry("该内容已被发布者删除", 6277).containsEntry("此内容因违规无法查看", 2499)
                .containsEntry("此帐号已被屏蔽,", 382).containsEntry("此内容被投诉且经审核涉嫌侵权，无法查看。", 179)
                .containsEntry("该公众号已迁移", 30).containsEntry("此内容被多人投诉，相关的内容无法进行查看。", 3);
        for (Map<String, String> r : rows) {
            assertThat(WechatAdapter.reasonFor(r.get("censored_msg"))).as(r.get("title")).contains(EXPECTED.get(r.get("censored_msg")));
        }
    }

    /** Each message inside the removal page WeChat serves (weui-msg markup), keyed by the article URL. */
    @Test
    void removalPagesGiveTheReasonAndKeepTheMessageAsEvidence() throws Exception {
        for (Map.Entry<String, RemovalReason> e : EXPECTED.entrySet()) {
            String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title></title></head><body><div class=\"weui-msg\">"
                    + "<div class=\"weui-msg__icon-area\"><i class=\"weui-icon-warn weui-icon_msg\"></i></div>"
                    + "<div class=\"weui-msg__text-area\"><h2 class=\"weui-msg__title\">" + e.getKey() + "</h2></div></div></body></html>";
            ParsedPost p = only(wechat.parse(new Response("https://mp.weixin.qq.com/s/AbCdEf123456", 200, Map.of(),
                    html.getBytes(StandardCharsets.UTF_8), null)));
            assertThat(p.key()).isEqualTo(PostKey.of(Platform.WECHAT, "s/AbCdEf123456"));
            assertThat(p.outcome()).as(e.getKey()).isInstanceOfSatisfying(FetchOutcome.Gone.class, g -> {
                assertThat(g.reason()).isEqualTo(e.getValue());
                assertThat(g.evidence().message()).isEqualTo(e.getKey());
                assertThat(g.evidence().signal()).isEqualTo("wechat:message");
            });
        }
    }

    /** An article page in WeChat's markup (ids as the platform uses them); GBK-free, UTF-8 as served. */
    @Test
    void readsAnArticle() throws Exception {
        Map<String, String> row = csv().get(0);
        String html = "<html><head><meta property=\"og:url\" content=\"https://mp.weixin.qq.com/s?__biz=MzA3&amp;mid=2650&amp;idx=1&amp;sn=abc\">"
                + "<script>var nickname = htmlDecode(\"" + row.get("nickname") + "\"); var ct = \"1530835200\";</script></head><body>"
                + "<h1 class=\"rich_media_title\" id=\"activity-name\"> " + row.get("title") + " </h1>"
                + "<a id=\"js_name\">" + row.get("nickname") + "</a>"
                + "<div class=\"rich_media_content\" id=\"js_content\"><p>第一段。</p><p>该内容已被发布者删除 is quoted here, not a removal.</p></div></body></html>";
        ParsedPost p = only(wechat.parse(Response.saved("", 200, html.getBytes(StandardCharsets.UTF_8))));
        assertThat(p.key()).isEqualTo(PostKey.of(Platform.WECHAT, "MzA3/2650/1"));
        assertThat(p.outcome()).isInstanceOf(FetchOutcome.Present.class);
        assertThat(p.author()).isEqualTo("獨家");
        assertThat(p.text()).isEqualTo("「幹部年輕化」是中國執政新軌道？丨獨家\n\n第一段。\n\n该内容已被发布者删除 is quoted here, not a removal.");
        assertThat(p.publishedAt()).isEqualTo(Instant.ofEpochSecond(1530835200));
    }

    @Test
    void unknownPagesAreNeverRemovals() throws Exception {
        assertThatThrownBy(() -> wechat.parse(Response.saved("https://mp.weixin.qq.com/s/AbCdEf123456", 200, "<html><body>系统出错</body></html>".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UnparseableException.class);
        ParsedPost captcha = only(wechat.parse(Response.saved("https://mp.weixin.qq.com/s/AbCdEf123456", 200,
                "<html><body>环境异常 完成验证后即可继续访问</body></html>".getBytes(StandardCharsets.UTF_8))));
        assertThat(captcha.outcome()).isInstanceOfSatisfying(FetchOutcome.Unreachable.class, u -> assertThat(u.cause()).isEqualTo(UnreachableCause.LOGIN_WALL));
        assertThatThrownBy(() -> wechat.parse(Response.saved("", 200, "<h2 class=\"weui-msg__title\">此内容因违规无法查看</h2>".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UnparseableException.class).hasMessageContaining("--url");
    }
}
