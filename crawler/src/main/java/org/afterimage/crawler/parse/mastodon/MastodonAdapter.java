package org.afterimage.crawler.parse.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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
 * Mastodon (any instance) through the public REST API: a status, a list of statuses (account or list timeline),
 * a thread context, or an edit history ({@code /api/v1/statuses/:id/history}, one result per version). Status ids
 * are local to the instance that served them, so the post id is {@code host[:port]/id}. 404 and 410 mean gone,
 * with no further signal ({@code NOT_FOUND}).
 */
final class MastodonAdapter implements Adapter {
    private static final Pattern STATUS_URL = Pattern.compile("^(https?)://([^/?#]+)/api/v1/statuses/(\\d{1,32})(?:/[a-z_]+)?(?:[?#].*)?$");
    private static final Pattern WEB_URL = Pattern.compile("^(https?)://([^/?#]+)/@[^/]+/(\\d{1,32})(?:[?#].*)?$");

    @Override
    public Platform platform() {
        return Platform.MASTODON;
    }

    @Override
    public Optional<PostKey> keyFor(String url) {
        String u = url == null ? "" : url;
        Matcher m = STATUS_URL.matcher(u);
        if (!m.matches()) m = WEB_URL.matcher(u);
        return m.matches() ? Optional.of(PostKey.of(Platform.MASTODON, m.group(2) + "/" + m.group(3))) : Optional.empty();
    }

    @Override
    public String postUrl(PostKey key) {
        String id = key.postId();
        int slash = id.lastIndexOf('/');
        String host = id.substring(0, slash);
        String scheme = host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https";
        return scheme + "://" + host + "/api/v1/statuses/" + id.substring(slash + 1);
    }

    /** {@code source} is {@code host/accountId}. */
    @Override
    public String listUrl(String source) {
        int slash = source.indexOf('/');
        return "https://" + source.substring(0, slash) + "/api/v1/accounts/" + source.substring(slash + 1) + "/statuses";
    }

    @Override
    public List<ParsedPost> parse(Response r) throws UnparseableException {
        Optional<FetchOutcome.Unreachable> failed = Statuses.transientFailure(r);
        if (failed.isPresent()) return Statuses.single(this, r, failed.get());
        if (r.status() == 404 || r.status() == 410) {
            String message = "";
            try {
                JsonNode n = PlatformJson.read(r.body());
                message = Optional.ofNullable(PlatformJson.text(n, "error")).orElse("");
            } catch (UnparseableException e) {
                // an HTML 404 page from a proxy: still a 404, but keep no message
            }
            return Statuses.single(this, r, FetchOutcome.gone(RemovalReason.NOT_FOUND,
                    new Evidence(r.status(), "http:" + r.status(), message, "")));
        }
        JsonNode root = PlatformJson.read(r.body());
        if (r.status() != 200) {
            String err = root.isObject() ? PlatformJson.text(root, "error") : null;
            throw new UnparseableException("HTTP " + r.status() + (err == null ? "" : ": " + err));
        }
        List<ParsedPost> out = new ArrayList<>();
        String host = hostOf(r.url());   // once per response, not per status: URI parsing showed in the profile
        if (root.isArray()) {
            boolean history = !root.isEmpty() && root.get(0).isObject() && !root.get(0).has("id") && root.get(0).has("content");
            if (history) {
                PostKey key = keyFor(r.url()).orElseThrow(() -> new UnparseableException("an edit history needs the status URL; pass --url"));
                for (JsonNode v : root) out.add(version(key, r.url(), v, out.isEmpty()));
                return out;
            }
            for (JsonNode s : root) out.add(status(host, s));
            return out;
        }
        if (root.isObject() && root.has("ancestors") && root.has("descendants")) {
            for (JsonNode s : root.get("ancestors")) out.add(status(host, s));
            for (JsonNode s : root.get("descendants")) out.add(status(host, s));
            return out;
        }
        if (root.isObject() && root.has("id") && (root.has("content") || root.has("text"))) {
            out.add(status(host, root));
            return out;
        }
        throw new UnparseableException("not a Mastodon status, status list, context or history");
    }

    private ParsedPost status(String responseHost, JsonNode s) throws UnparseableException {
        if (!s.isObject()) throw new UnparseableException("status is not an object");
        String id = PlatformJson.text(s, "id");
        if (id == null || !Ids.digits(id, 1, 32)) throw new UnparseableException("status without a numeric id");
        String host = responseHost;
        if (host.isEmpty()) host = hostOf(Optional.ofNullable(PlatformJson.text(s, "url")).orElse(Optional.ofNullable(PlatformJson.text(s, "uri")).orElse("")));
        if (host.isEmpty()) throw new UnparseableException("cannot tell which instance status " + id + " is from; pass --url");
        PostKey key = PostKey.of(Platform.MASTODON, host + "/" + id);
        JsonNode account = s.get("account");
        String author = account != null && account.isObject() ? PlatformJson.text(account, "acct") : null;
        String url = Optional.ofNullable(PlatformJson.text(s, "url")).orElse(postUrl(key));
        return ParsedPost.present(key, url, author, text(s), PlatformJson.instant(s, "created_at"), PlatformJson.instant(s, "edited_at"));
    }

    private ParsedPost version(PostKey key, String url, JsonNode v, boolean first) {
        JsonNode account = v.get("account");
        String author = account != null && account.isObject() ? PlatformJson.text(account, "acct") : null;
        // in a history every version's created_at is when that version was made: the first is the publication
        var at = PlatformJson.instant(v, "created_at");
        return ParsedPost.present(key, url, author, text(v), first ? at : null, first ? null : at);
    }

    private static String text(JsonNode s) {
        String html = PlatformJson.text(s, "content");
        String body = html != null ? Texts.ofFragment(html) : Optional.ofNullable(PlatformJson.text(s, "text")).orElse("");
        String cw = PlatformJson.text(s, "spoiler_text");
        return cw == null || cw.isBlank() ? body : cw.strip() + "\n\n" + body;
    }

    private static String hostOf(String url) {
        try {
            URI u = URI.create(url);
            if (u.getHost() == null) return "";
            return u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
