package org.afterimage.crawler.parse.weibo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Ids;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.PlatformJson;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.parse.Statuses;
import org.afterimage.crawler.parse.Texts;
import org.afterimage.crawler.parse.UnparseableException;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.UnreachableCause;

/**
 * Weibo: {@code m.weibo.cn/api/container/getIndex} container JSON ({@code data.cards[].mblog}), single statuses
 * ({@code m.weibo.cn/statuses/show?id=}, {@code {"ok":1,"data":{mblog}}} or a bare mblog) and the error codes of
 * {@code statuses/show} (20101 does not exist, 20112 permission denied; 20132/20135 removed). In timelines a removed
 * post keeps its id with {@code deleted:"1"} and a {@code state} (7 author, 8 complaints); {@code visible.type:0,
 * list_id:3} is the author's half-year privacy setting: {@code PRIVATE}, not a removal. Post id: the mblog id (mid).
 */
final class WeiboAdapter implements Adapter {
    private static final Pattern POST_URL = Pattern.compile("^https?://(?:m\\.weibo\\.cn/(?:detail|status)/|(?:m\\.)?weibo\\.cn/(?:api/)?statuses/show\\?(?:.*&)?id=|api\\.weibo\\.com/2/statuses/show\\.json\\?(?:.*&)?id=)(\\d{6,20})(?:[&?#].*)?$");
    private static final DateTimeFormatter WEIBO_TIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH);

    @Override
    public Platform platform() {
        return Platform.WEIBO;
    }

    @Override
    public Optional<PostKey> keyFor(String url) {
        Matcher m = POST_URL.matcher(url == null ? "" : url);
        return m.matches() ? Optional.of(PostKey.of(Platform.WEIBO, m.group(1))) : Optional.empty();
    }

    @Override
    public String postUrl(PostKey key) {
        return "https://m.weibo.cn/statuses/show?id=" + key.postId();
    }

    /** {@code source} is the user id: the user's weibo tab container. */
    @Override
    public String listUrl(String source) {
        return "https://m.weibo.cn/api/container/getIndex?containerid=107603" + source;
    }

    /** Reason for a {@code statuses/show} error code; empty for codes that say nothing about the post. */
    static Optional<RemovalReason> reasonForCode(int code) {
        return switch (code) {
            case 20101 -> Optional.of(RemovalReason.NOT_FOUND);        // target weibo does not exist
            case 20112 -> Optional.of(RemovalReason.CENSORED);         // permission denied
            case 20132, 20135 -> Optional.of(RemovalReason.NOT_FOUND); // removed, without saying by whom
            case 20003 -> Optional.of(RemovalReason.ACCOUNT_GONE);     // user does not exist
            default -> Optional.empty();
        };
    }

    /** Reason for a message Weibo shows in place of a post. */
    static Optional<RemovalReason> reasonForMessage(String text) {
        if (text == null) return Optional.empty();
        if (text.contains("已被作者删除")) return Optional.of(RemovalReason.DELETED_BY_AUTHOR);
        if (text.contains("仅展示半年内") || text.contains("半年内的微博")) return Optional.of(RemovalReason.PRIVATE);
        if (text.contains("该账号因被投诉") || text.contains("该账号已被封")) return Optional.of(RemovalReason.ACCOUNT_SUSPENDED);
        if (text.contains("被多人投诉") || text.contains("根据《微博社区公约》") || text.contains("没有查看这条微博的权限")
                || text.contains("根据相关法律法规")) return Optional.of(RemovalReason.CENSORED);
        if (text.contains("微博不存在") || text.contains("已被删除")) return Optional.of(RemovalReason.NOT_FOUND);
        return Optional.empty();
    }

    @Override
    public List<ParsedPost> parse(Response r) throws UnparseableException {
        Optional<FetchOutcome.Unreachable> failed = Statuses.transientFailure(r);
        if (failed.isPresent()) return Statuses.single(this, r, failed.get());
        JsonNode root = PlatformJson.read(r.body());
        if (!root.isObject()) throw new UnparseableException("expected a JSON object");
        Optional<Integer> code = errorCode(root);
        if (code.isPresent()) {
            String msg = Optional.ofNullable(PlatformJson.text(root, "error")).orElse(Optional.ofNullable(PlatformJson.text(root, "msg")).orElse(""));
            Optional<RemovalReason> reason = reasonForCode(code.get()).or(() -> reasonForMessage(msg));
            FetchOutcome o;
            if (reason.isPresent()) o = FetchOutcome.gone(reason.get(), new Evidence(r.status(), "weibo:" + code.get(), msg, ""));
            else if (code.get() == 10022 || code.get() == 10023 || code.get() == 10024) o = new FetchOutcome.Unreachable(UnreachableCause.RATE_LIMITED, "weibo error " + code.get());
            else if (code.get() == 21327 || code.get() == 21332 || code.get() == 10006) o = new FetchOutcome.Unreachable(UnreachableCause.LOGIN_WALL, "weibo error " + code.get());
            else o = new FetchOutcome.Unreachable(UnreachableCause.OTHER, "weibo error " + code.get() + " " + msg);
            return Statuses.single(this, r, o);
        }
        JsonNode ok = root.get("ok");
        if (ok != null && ok.asInt(1) == 0) {
            String msg = Optional.ofNullable(PlatformJson.text(root, "msg")).orElse("");
            Optional<RemovalReason> reason = reasonForMessage(msg);
            FetchOutcome o = reason.<FetchOutcome>map(x -> FetchOutcome.gone(x, new Evidence(r.status(), "weibo:msg", msg, "")))
                    .orElse(new FetchOutcome.Unreachable(UnreachableCause.OTHER, "weibo ok:0 " + msg));
            // an empty list page also answers ok:0 ("这里还没有内容"): nothing to report unless it names a post
            if (reason.isEmpty() && keyFor(r.url()).isEmpty()) return List.of();
            return Statuses.single(this, r, o);
        }
        List<ParsedPost> out = new ArrayList<>();
        JsonNode data = root.has("data") ? root.get("data") : root;
        if (data.isObject() && data.has("mblog")) {
            out.add(mblog(data.get("mblog"), r.status()));
        } else if (data.isObject() && (data.has("text") || data.has("deleted")) && (data.has("id") || data.has("mid"))) {
            out.add(mblog(data, r.status()));
        } else if (data.isObject() && (data.has("cards") || data.has("userInfo") || data.has("cardlistInfo"))) {
            for (JsonNode card : data.path("cards")) {
                if (card.has("mblog")) out.add(mblog(card.get("mblog"), r.status()));
                for (JsonNode inner : card.path("card_group")) if (inner.has("mblog")) out.add(mblog(inner.get("mblog"), r.status()));
            }
        } else {
            throw new UnparseableException("not a Weibo container, status or error response");
        }
        return out;
    }

    private static Optional<Integer> errorCode(JsonNode root) {
        for (String f : new String[] {"error_code", "errno"}) {
            JsonNode v = root.get(f);
            if (v != null && !v.isNull()) {
                try {
                    int c = v.isNumber() ? v.intValue() : Integer.parseInt(v.asText().strip());
                    if (c != 0) return Optional.of(c);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private ParsedPost mblog(JsonNode m, int status) throws UnparseableException {
        if (!m.isObject()) throw new UnparseableException("mblog is not an object");
        String id = Optional.ofNullable(PlatformJson.text(m, "id")).orElse(PlatformJson.text(m, "mid"));
        if (id == null || !Ids.digits(id, 6, 20)) throw new UnparseableException("mblog without a numeric id");
        PostKey key = PostKey.of(Platform.WEIBO, id);
        JsonNode user = m.get("user");
        String author = user != null && user.isObject() ? PlatformJson.text(user, "screen_name") : null;
        String html = Optional.ofNullable(PlatformJson.text(m, "text")).orElse("");
        String text = Texts.ofFragment(html);
        Instant published = time(PlatformJson.text(m, "created_at"));
        Instant edited = time(PlatformJson.text(m, "edit_at"));
        String url = "https://m.weibo.cn/detail/" + id;
        JsonNode visible = m.path("visible");
        int visibleType = visible.path("type").asInt(0);
        int listId = visible.path("list_id").asInt(0);
        boolean deleted = "1".equals(PlatformJson.text(m, "deleted"));
        int state = m.path("state").asInt(0);
        boolean noUser = user == null || user.isNull();
        RemovalReason reason = null;
        String signal = null;
        if (deleted && state == 7) { reason = RemovalReason.DELETED_BY_AUTHOR; signal = "weibo:state=7"; }
        else if (deleted && state == 8) { reason = RemovalReason.CENSORED; signal = "weibo:state=8"; }
        else if (noUser && (listId == 3 || reasonForMessage(text).orElse(null) == RemovalReason.PRIVATE)) {
            reason = RemovalReason.PRIVATE; signal = "weibo:visible.list_id=3";
        } else if (visibleType == 1 && text.contains("权限")) { reason = RemovalReason.CENSORED; signal = "weibo:visible.type=1"; }
        else if (deleted || noUser && !text.isEmpty() && reasonForMessage(text).isPresent()) {
            reason = reasonForMessage(text).orElse(RemovalReason.NOT_FOUND);
            signal = "weibo:deleted";
        }
        if (reason != null) {
            return new ParsedPost(key, url, FetchOutcome.gone(reason, new Evidence(status, signal, text, "")), author, null, published, edited, List.of());
        }
        return ParsedPost.present(key, url, author, text, published, edited);
    }

    private static Instant time(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return ZonedDateTime.parse(s, WEIBO_TIME).toInstant();
        } catch (RuntimeException e) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant();
            } catch (RuntimeException e2) {
                return null;   // relative times ("5分钟前") in m.weibo.cn lists: not an absolute time
            }
        }
    }
}
