package org.afterimage.crawler.parse.wechat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.parse.Statuses;
import org.afterimage.crawler.parse.Texts;
import org.afterimage.crawler.parse.UnparseableException;
import org.afterimage.crawler.parse.Walls;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * WeChat public-account articles ({@code mp.weixin.qq.com/s/<token>} or {@code /s?__biz=…&mid=…&idx=…}). An article
 * page has {@code #js_content}; a removed one shows one of the platform's messages instead, each mapped to a reason
 * in {@link #MESSAGES} (the set WeChatscope recorded over 9,370 removals). A page with neither is unparseable,
 * never a removal.
 */
final class WechatAdapter implements Adapter {
    /** Platform message (its stable prefix) → reason. Longest first, so a longer message wins over a prefix. */
    static final Map<String, RemovalReason> MESSAGES = new LinkedHashMap<>();

    static {
        MESSAGES.put("此内容被投诉且经审核涉嫌侵权", RemovalReason.CENSORED);      // infringement complaint upheld by review
        MESSAGES.put("此内容被多人投诉，相关的内容无法进行查看", RemovalReason.CENSORED); // removed after many complaints
        MESSAGES.put("此内容被多人投诉", RemovalReason.CENSORED);
        MESSAGES.put("此内容因违规无法查看", RemovalReason.CENSORED);               // "violates regulations"
        MESSAGES.put("该内容已被发布者删除", RemovalReason.DELETED_BY_AUTHOR);       // deleted by the author
        MESSAGES.put("此帐号已被屏蔽", RemovalReason.ACCOUNT_SUSPENDED);             // account blocked
        MESSAGES.put("此账号已被屏蔽", RemovalReason.ACCOUNT_SUSPENDED);
        MESSAGES.put("此帐号已自主注销", RemovalReason.ACCOUNT_GONE);                // account closed by its owner
        MESSAGES.put("该公众号已迁移", RemovalReason.ACCOUNT_GONE);                  // account migrated: gone from this address
    }

    private static final Pattern SHORT_URL = Pattern.compile("^https?://mp\\.weixin\\.qq\\.com/s/([A-Za-z0-9_-]{6,64})(?:[?#].*)?$");
    private static final Pattern LONG_URL = Pattern.compile("^https?://mp\\.weixin\\.qq\\.com/s\\?(.*)$");
    private static final Pattern CT = Pattern.compile("var\\s+ct\\s*=\\s*\"(\\d{9,11})\"");
    private static final Pattern NICKNAME = Pattern.compile("var\\s+nickname\\s*=\\s*(?:htmlDecode\\()?\"([^\"]{1,100})\"");

    @Override
    public Platform platform() {
        return Platform.WECHAT;
    }

    @Override
    public Optional<PostKey> keyFor(String url) {
        String u = url == null ? "" : url;
        Matcher m = SHORT_URL.matcher(u);
        if (m.matches()) return Optional.of(PostKey.of(Platform.WECHAT, "s/" + m.group(1)));
        m = LONG_URL.matcher(u);
        if (m.matches()) {
            Map<String, String> q = new LinkedHashMap<>();
            for (String kv : m.group(1).split("[&#]")) {
                int eq = kv.indexOf('=');
                if (eq > 0) q.putIfAbsent(kv.substring(0, eq), kv.substring(eq + 1));
            }
            String biz = q.get("__biz"), mid = q.get("mid"), idx = q.get("idx");
            if (biz != null && mid != null && idx != null && (biz + mid + idx).matches("[A-Za-z0-9=%_-]{1,200}")) {
                return Optional.of(PostKey.of(Platform.WECHAT, biz + "/" + mid + "/" + idx));
            }
        }
        return Optional.empty();
    }

    @Override
    public String postUrl(PostKey key) {
        String id = key.postId();
        if (id.startsWith("s/")) return "https://mp.weixin.qq.com/" + id;
        String[] p = id.split("/");
        return "https://mp.weixin.qq.com/s?__biz=" + p[0] + "&mid=" + p[1] + "&idx=" + p[2];
    }

    /** WeChat has no public listing of an account's articles; sources are article URLs. */
    @Override
    public String listUrl(String source) {
        return source;
    }

    /** The reason a WeChat removal message gives, if it is one of the platform's known messages. */
    static Optional<RemovalReason> reasonFor(String message) {
        if (message == null) return Optional.empty();
        String m = message.strip();
        for (Map.Entry<String, RemovalReason> e : MESSAGES.entrySet()) {
            if (m.contains(e.getKey())) return Optional.of(e.getValue());
        }
        return Optional.empty();
    }

    @Override
    public List<ParsedPost> parse(Response r) throws UnparseableException {
        Optional<FetchOutcome.Unreachable> failed = Statuses.transientFailure(r);
        if (failed.isPresent()) return Statuses.single(this, r, failed.get());
        String html = r.text();
        Document doc = Jsoup.parse(html, r.url());
        PostKey key = keyFor(r.url()).or(() -> keyFor(doc.select("meta[property=og:url]").attr("content"))).orElse(null);
        Element content = doc.selectFirst("#js_content");
        if (content != null) {
            if (key == null) throw new UnparseableException("article without a URL to name it (no og:url); pass --url");
            String title = Optional.ofNullable(doc.selectFirst("#activity-name")).map(Element::text)
                    .orElse(doc.select("meta[property=og:title]").attr("content"));
            String body = Texts.of(content);
            String text = title.isBlank() ? body : title.strip() + "\n\n" + body;
            String author = Optional.ofNullable(doc.selectFirst("#js_name")).map(Element::text).filter(s -> !s.isBlank())
                    .orElseGet(() -> { Matcher m = NICKNAME.matcher(html); return m.find() ? m.group(1) : null; });
            Matcher ct = CT.matcher(html);
            Instant published = ct.find() ? Instant.ofEpochSecond(Long.parseLong(ct.group(1))) : null;
            return List.of(ParsedPost.present(key, r.url().isEmpty() ? postUrl(key) : r.url(), author, text, published, null));
        }
        // a removal page: the message sits in .weui-msg__title / .global_error_msg / .msg_title depending on vintage
        String message = "";
        for (Element e : doc.select(".weui-msg__title, .global_error_msg, .msg_title, .weui-msg__desc, .msg_desc, h2, p")) {
            if (reasonFor(e.text()).isPresent()) {
                message = e.text();
                break;
            }
        }
        if (message.isEmpty() && doc.body() != null && reasonFor(doc.body().text()).isPresent()) message = doc.body().text();
        Optional<RemovalReason> reason = reasonFor(message);
        if (reason.isPresent()) {
            if (key == null) throw new UnparseableException("removal page (" + Texts.abbreviate(message) + ") without a URL to name the article; pass --url");
            return List.of(ParsedPost.of(key, r.url(), FetchOutcome.gone(reason.get(),
                    new Evidence(r.status(), "wechat:message", message, ""))));
        }
        Optional<FetchOutcome.Unreachable> wall = Walls.check(doc);
        if (wall.isPresent()) return Statuses.single(this, r, wall.get());
        if (r.status() == 404 || r.status() == 410) {
            return Statuses.single(this, r, FetchOutcome.gone(RemovalReason.NOT_FOUND, new Evidence(r.status(), "http:" + r.status(), "", "")));
        }
        throw new UnparseableException("neither an article (#js_content) nor a known WeChat removal message");
    }
}
