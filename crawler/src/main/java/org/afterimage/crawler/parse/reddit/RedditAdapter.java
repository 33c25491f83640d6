package org.afterimage.crawler.parse.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.PlatformJson;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.parse.Statuses;
import org.afterimage.crawler.parse.UnparseableException;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.UnreachableCause;

/**
 * Reddit's public JSON: listings ({@code /r/<sub>/new.json}, {@code /api/info.json?id=}) and threads
 * ({@code /comments/<id>.json}, an array of two listings with nested replies). Post id: the fullname
 * ({@code t1_…} comment, {@code t3_…} submission). {@code [deleted]} is the author's deletion, {@code [removed]}
 * a removal whose actor {@code removed_by_category} names when present (absent: a subreddit moderator).
 */
final class RedditAdapter implements Adapter {
    private static final Pattern COMMENT_URL = Pattern.compile("/comments/([a-z0-9]{1,13})(?:/[^/?#]*/([a-z0-9]{1,13}))?");
    private static final Pattern INFO_URL = Pattern.compile("[?&]id=(t[13]_[a-z0-9]{1,13})");
    private static final Pattern FULLNAME = Pattern.compile("t[13]_[a-z0-9]{1,13}");
    private static final Pattern REDDIT_HOST = Pattern.compile("^https?://([a-z0-9-]+\\.)*reddit\\.com/.*");
    private static final String DELETED = "[deleted]";
    private static final String REMOVED = "[removed]";

    @Override
    public Platform platform() {
        return Platform.REDDIT;
    }

    @Override
    public Optional<PostKey> keyFor(String url) {
        String u = url == null ? "" : url;
        if (!REDDIT_HOST.matcher(u).matches()) return Optional.empty();
        Matcher m = INFO_URL.matcher(u);
        if (m.find()) return Optional.of(PostKey.of(Platform.REDDIT, m.group(1)));
        m = COMMENT_URL.matcher(u);
        if (m.find()) return Optional.of(PostKey.of(Platform.REDDIT, m.group(2) != null ? "t1_" + m.group(2) : "t3_" + m.group(1)));
        return Optional.empty();
    }

    @Override
    public String postUrl(PostKey key) {
        return "https://www.reddit.com/api/info.json?raw_json=1&id=" + key.postId();
    }

    @Override
    public String listUrl(String source) {
        return "https://www.reddit.com/r/" + source + "/new.json?raw_json=1&limit=100";
    }

    @Override
    public List<ParsedPost> parse(Response r) throws UnparseableException {
        Optional<FetchOutcome.Unreachable> failed = Statuses.transientFailure(r);
        if (failed.isPresent()) return Statuses.single(this, r, failed.get());
        if (r.status() == 404 || r.status() == 410) {
            return Statuses.single(this, r, FetchOutcome.gone(RemovalReason.NOT_FOUND, new Evidence(r.status(), "http:" + r.status(), "", "")));
        }
        JsonNode root = PlatformJson.read(r.body());
        if (r.status() == 403) {
            // {"reason": "private"|"banned"|"quarantined", "message": "Forbidden", "error": 403}
            String reason = Optional.ofNullable(PlatformJson.text(root, "reason")).orElse("").toLowerCase(Locale.ROOT);
            FetchOutcome o = switch (reason) {
                case "private" -> FetchOutcome.gone(RemovalReason.PRIVATE, new Evidence(403, "reddit:403:private", reason, ""));
                case "banned" -> FetchOutcome.gone(RemovalReason.CENSORED, new Evidence(403, "reddit:403:banned", reason, ""));
                default -> new FetchOutcome.Unreachable(UnreachableCause.LOGIN_WALL, "HTTP 403" + (reason.isEmpty() ? "" : " " + reason));
            };
            return Statuses.single(this, r, o);
        }
        if (r.status() != 200) throw new UnparseableException("unexpected HTTP " + r.status());
        List<ParsedPost> out = new ArrayList<>();
        if (root.isObject() && root.isEmpty()) return out;   // an action's acknowledgement ({}): no posts
        if (root.isArray()) {
            for (JsonNode listing : root) listing(listing, out, 0);
        } else if (root.isObject() && "Listing".equals(PlatformJson.text(root, "kind"))) {
            listing(root, out, 0);
        } else if (root.isObject() && root.has("kind") && root.has("data")) {
            thing(root, out, 0);
        } else {
            throw new UnparseableException("not a Reddit listing or thing");
        }
        // a thread fetched for one comment that no longer contains it: the comment is gone, and Reddit says no more
        Optional<PostKey> asked = keyFor(r.url());
        if (root.isArray() && asked.isPresent() && asked.get().postId().startsWith("t1_")
                && out.stream().noneMatch(p -> p.key().equals(asked.get()))) {
            out.add(ParsedPost.of(asked.get(), r.url(), FetchOutcome.gone(RemovalReason.NOT_FOUND,
                    new Evidence(r.status(), "reddit:absent_from_thread", "", ""))));
        }
        return out;
    }

    private void listing(JsonNode listing, List<ParsedPost> out, int depth) throws UnparseableException {
        if (!"Listing".equals(PlatformJson.text(listing, "kind"))) throw new UnparseableException("expected a Listing");
        JsonNode children = listing.path("data").path("children");
        if (!children.isArray()) throw new UnparseableException("Listing without data.children");
        for (JsonNode c : children) thing(c, out, depth);
    }

    private void thing(JsonNode thing, List<ParsedPost> out, int depth) throws UnparseableException {
        String kind = Optional.ofNullable(PlatformJson.text(thing, "kind")).orElse("");
        JsonNode d = thing.path("data");
        if (!kind.equals("t1") && !kind.equals("t3")) return;   // "more" stubs, accounts, subreddits: not posts
        if (!d.isObject()) throw new UnparseableException(kind + " without data");
        out.add(post(kind, d));
        JsonNode replies = d.get("replies");
        if (replies != null && replies.isObject()) listing(replies, out, depth + 1);
    }

    private ParsedPost post(String kind, JsonNode d) throws UnparseableException {
        String name = PlatformJson.text(d, "name");
        String id = PlatformJson.text(d, "id");
        if (name == null && id != null) name = kind + "_" + id;
        if (name == null || !FULLNAME.matcher(name).matches()) throw new UnparseableException(kind + " without a valid name/id");
        PostKey key = PostKey.of(Platform.REDDIT, name);
        String author = PlatformJson.text(d, "author");
        String body = kind.equals("t1") ? PlatformJson.text(d, "body") : PlatformJson.text(d, "selftext");
        String title = kind.equals("t3") ? PlatformJson.text(d, "title") : null;
        Instant created = PlatformJson.epochSeconds(d, "created_utc");
        JsonNode editedNode = d.get("edited");
        Instant edited = editedNode != null && editedNode.isNumber() ? PlatformJson.epochSeconds(d, "edited") : null;
        String permalink = PlatformJson.text(d, "permalink");
        String url = permalink != null && permalink.startsWith("/") ? "https://www.reddit.com" + permalink
                : "https://www.reddit.com/api/info.json?id=" + name;
        String category = PlatformJson.text(d, "removed_by_category");
        Optional<RemovalReason> reason = removal(body, author, category);
        if (reason.isPresent()) {
            String signal = "reddit:" + (category != null ? "removed_by_category=" + category : REMOVED.equals(body) ? "[removed]" : "[deleted]");
            Evidence ev = new Evidence(200, signal, category != null ? category : body, "");
            String shownAuthor = DELETED.equals(author) ? null : author;
            return new ParsedPost(key, url, FetchOutcome.gone(reason.get(), ev), shownAuthor, null, created, edited, List.of());
        }
        String text = title == null ? body : (body == null || body.isEmpty() ? title : title + "\n\n" + body);
        return ParsedPost.present(key, url, author, text == null ? "" : text, created, edited);
    }

    /** The removal the fields signal, if any. Exposed for tests of every category. */
    static Optional<RemovalReason> removal(String body, String author, String category) {
        if (category != null) {
            return Optional.of(switch (category.toLowerCase(Locale.ROOT)) {
                case "deleted", "author" -> RemovalReason.DELETED_BY_AUTHOR;
                case "moderator", "automod_filtered" -> RemovalReason.REMOVED_BY_MODERATOR;
                // reddit = admins; anti_evil_ops, content/copyright takedowns, community_ops: the platform
                default -> RemovalReason.CENSORED;
            });
        }
        if (REMOVED.equals(body)) return Optional.of(RemovalReason.REMOVED_BY_MODERATOR);
        if (DELETED.equals(body)) return Optional.of(RemovalReason.DELETED_BY_AUTHOR);
        return Optional.empty();
    }
}
