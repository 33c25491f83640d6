package org.afterimage.crawler.parse.twitter;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

/**
 * X/Twitter API v2 responses, one per line as twarc writes them, and compliance events. The post id is the
 * <em>first</em> id of {@code edit_history_tweet_ids}, so every edit of a tweet lands on one post key and shows up
 * as an alteration; for an edit, {@code editedAt} is its {@code created_at} and {@code publishedAt} the original's
 * time, read from its snowflake id. {@code withheld} country codes give {@code GEO_BLOCKED} (copyright:
 * {@code CENSORED}); an account notice in place of the text ("… is temporarily unavailable because it violates the
 * Twitter Media Policy") gives {@code ACCOUNT_SUSPENDED}.
 */
final class TwitterAdapter implements Adapter {
    private static final Pattern TWEET_URL = Pattern.compile("^https?://(?:[a-z]+\\.)?(?:twitter|x)\\.com/(?:2/tweets/|[A-Za-z0-9_]{1,15}/status/|i/web/status/)(\\d{1,20})(?:[/?#].*)?$");
    private static final Pattern IDS_PARAM = Pattern.compile("^https?://api\\.(?:twitter|x)\\.com/2/tweets\\?(?:.*&)?ids=(\\d{1,20})(?:&.*)?$");
    private static final Pattern ACCOUNT_NOTICE = Pattern.compile(
            "^@?\\S+?['’]s account is temporarily unavailable because it violates the (?:Twitter|X) [A-Za-z ]+\\.?.*", Pattern.DOTALL);
    private static final long TWEPOCH = 1288834974657L;

    @Override
    public Platform platform() {
        return Platform.TWITTER;
    }

    @Override
    public boolean lineOriented() {
        return true;
    }

    @Override
    public Optional<PostKey> keyFor(String url) {
        String u = url == null ? "" : url;
        Matcher m = TWEET_URL.matcher(u);
        if (!m.matches()) m = IDS_PARAM.matcher(u);
        return m.matches() ? Optional.of(PostKey.of(Platform.TWITTER, m.group(1))) : Optional.empty();
    }

    @Override
    public String postUrl(PostKey key) {
        return "https://api.twitter.com/2/tweets/" + key.postId()
                + "?tweet.fields=created_at,author_id,edit_history_tweet_ids,withheld&expansions=author_id";
    }

    @Override
    public String listUrl(String source) {
        return "https://api.twitter.com/2/users/" + source + "/tweets?tweet.fields=created_at,author_id,edit_history_tweet_ids,withheld&expansions=author_id";
    }

    @Override
    public List<ParsedPost> parse(Response r) throws UnparseableException {
        Optional<FetchOutcome.Unreachable> failed = Statuses.transientFailure(r);
        if (failed.isPresent()) return Statuses.single(this, r, failed.get());
        JsonNode root = PlatformJson.read(r.body());
        if (!root.isObject()) throw new UnparseableException("expected a JSON object (an API v2 response or a compliance event)");
        if (root.has("action") && root.has("id")) return List.of(compliance(root));
        boolean known = root.has("data") || root.has("errors") || root.has("meta");
        if (!known) {
            if (r.status() == 404) return Statuses.single(this, r, FetchOutcome.gone(RemovalReason.NOT_FOUND, new Evidence(404, "http:404", "", "")));
            throw new UnparseableException("not an X API v2 response (no data, errors or meta) nor a compliance event");
        }
        Map<String, String> users = new HashMap<>();
        for (JsonNode u : root.path("includes").path("users")) {
            String id = PlatformJson.text(u, "id");
            String name = PlatformJson.text(u, "username");
            if (id != null && name != null) users.put(id, name);
        }
        List<ParsedPost> out = new ArrayList<>();
        JsonNode data = root.get("data");
        if (data != null && data.isArray()) {
            for (JsonNode t : data) out.add(tweet(t, users, r.status()));
        } else if (data != null && data.isObject()) {
            out.add(tweet(data, users, r.status()));
        }
        for (JsonNode e : root.path("errors")) error(e, r.status()).ifPresent(out::add);
        return out;
    }

    private ParsedPost tweet(JsonNode t, Map<String, String> users, int status) throws UnparseableException {
        String id = PlatformJson.text(t, "id");
        if (id == null || !Ids.digits(id, 1, 20)) throw new UnparseableException("tweet without a numeric id");
        String original = id;
        JsonNode history = t.get("edit_history_tweet_ids");
        if (history != null && history.isArray() && !history.isEmpty()) {
            String first = history.get(0).asText();
            if (Ids.digits(first, 1, 20)) original = first;
        }
        PostKey key = PostKey.of(Platform.TWITTER, original);
        String authorId = PlatformJson.text(t, "author_id");
        String author = authorId == null ? null : users.getOrDefault(authorId, authorId);
        String text = Optional.ofNullable(PlatformJson.text(t, "text")).orElse("");
        Instant created = PlatformJson.instant(t, "created_at");
        Instant published = original.equals(id) ? created : snowflakeTime(original);
        Instant edited = original.equals(id) ? null : created;
        String url = "https://twitter.com/" + (author == null ? "i/web" : author) + "/status/" + id;
        if (ACCOUNT_NOTICE.matcher(text).matches()) {
            return new ParsedPost(key, url, FetchOutcome.gone(RemovalReason.ACCOUNT_SUSPENDED,
                    new Evidence(status, "twitter:account_notice", text, "")), author, null, published, edited, List.of());
        }
        JsonNode withheld = t.get("withheld");
        if (withheld != null && withheld.isObject()) {
            List<String> countries = new ArrayList<>();
            for (JsonNode c : withheld.path("country_codes")) countries.add(c.asText().toUpperCase(Locale.ROOT));
            boolean copyright = withheld.path("copyright").asBoolean(false);
            RemovalReason reason = copyright ? RemovalReason.CENSORED : RemovalReason.GEO_BLOCKED;
            String signal = copyright ? "twitter:withheld:copyright" : "twitter:withheld";
            return new ParsedPost(key, url, FetchOutcome.gone(reason, new Evidence(status, signal, String.join(",", countries), "")),
                    author, text, published, edited, countries);
        }
        return new ParsedPost(key, url, FetchOutcome.present(), author, text, published, edited, List.of());
    }

    /** An {@code errors[]} item about a tweet: the API's own word for why it is not there. */
    private Optional<ParsedPost> error(JsonNode e, int status) {
        String id = Optional.ofNullable(PlatformJson.text(e, "resource_id")).orElse(PlatformJson.text(e, "value"));
        String resourceType = Optional.ofNullable(PlatformJson.text(e, "resource_type")).orElse("tweet");
        if (id == null || !Ids.digits(id, 1, 20) || !resourceType.equals("tweet")) return Optional.empty();
        String title = Optional.ofNullable(PlatformJson.text(e, "title")).orElse("");
        String detail = Optional.ofNullable(PlatformJson.text(e, "detail")).orElse("");
        String type = Optional.ofNullable(PlatformJson.text(e, "type")).orElse("");
        String all = (title + " " + detail + " " + type).toLowerCase(Locale.ROOT);
        RemovalReason reason;
        if (all.contains("suspended")) reason = RemovalReason.ACCOUNT_SUSPENDED;
        else if (all.contains("not authorized") || all.contains("authorization") || all.contains("protected")) reason = RemovalReason.PRIVATE;
        else if (all.contains("not found") || all.contains("could not find")) reason = RemovalReason.NOT_FOUND;
        else return Optional.empty();   // other errors (rate limits, bad requests) say nothing about the tweet
        PostKey key = PostKey.of(Platform.TWITTER, id);
        return Optional.of(ParsedPost.of(key, "https://twitter.com/i/web/status/" + id,
                FetchOutcome.gone(reason, new Evidence(status, "twitter:" + (title.isEmpty() ? type : title), detail, ""))));
    }

    private ParsedPost compliance(JsonNode c) throws UnparseableException {
        String id = PlatformJson.text(c, "id");
        if (id == null || !Ids.digits(id, 1, 20)) throw new UnparseableException("compliance event without a numeric id");
        String action = Optional.ofNullable(PlatformJson.text(c, "action")).orElse("");
        String why = Optional.ofNullable(PlatformJson.text(c, "reason")).orElse("").toLowerCase(Locale.ROOT);
        if (!action.equals("delete")) throw new UnparseableException("compliance action '" + Texts.abbreviate(action) + "' is not a deletion");
        RemovalReason reason = switch (why) {
            case "deleted", "" -> RemovalReason.DELETED_BY_AUTHOR;
            case "protected" -> RemovalReason.PRIVATE;
            case "deactivated" -> RemovalReason.ACCOUNT_GONE;
            case "suspended" -> RemovalReason.ACCOUNT_SUSPENDED;
            case "withheld" -> RemovalReason.GEO_BLOCKED;
            default -> RemovalReason.NOT_FOUND;
        };
        Evidence ev = new Evidence(0, "twitter:compliance:" + (why.isEmpty() ? "delete" : why), Optional.ofNullable(PlatformJson.text(c, "redacted_at")).map(a -> "redacted_at " + a).orElse(""), "");
        return new ParsedPost(PostKey.of(Platform.TWITTER, id), "https://twitter.com/i/web/status/" + id,
                FetchOutcome.gone(reason, ev), null, null, PlatformJson.instant(c, "created_at"), null, List.of());
    }

    /** A tweet id's creation time (milliseconds since the Twitter epoch, above bit 22), to the second as the API gives it. */
    static Instant snowflakeTime(String id) {
        long ms = (Long.parseUnsignedLong(id) >>> 22) + TWEPOCH;
        return Instant.ofEpochMilli(ms).truncatedTo(ChronoUnit.SECONDS);
    }
}
