package org.afterimage.crawler.parse;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.UnreachableCause;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Telegram public channels through the web preview: {@code t.me/s/<channel>} lists messages (paged with
 * {@code ?before=}), {@code t.me/<channel>/<id>?embed=1} shows one, or an error block when it is gone.
 * Post id: {@code channel/id}.
 */
final class TelegramAdapter implements Adapter {
    private static final Pattern POST_URL = Pattern.compile("^https?://(?:www\\.)?(?:t\\.me|telegram\\.me)/(?:s/)?([A-Za-z0-9_]{3,64})/(\\d{1,12})(?:[?#].*)?$");

    @Override
    public Platform platform() {
        return Platform.TELEGRAM;
    }

    @Override
    public Optional<PostKey> keyFor(String url) {
        Matcher m = POST_URL.matcher(url == null ? "" : url);
        return m.matches() ? Optional.of(PostKey.of(Platform.TELEGRAM, m.group(1) + "/" + m.group(2))) : Optional.empty();
    }

    @Override
    public String postUrl(PostKey key) {
        return "https://t.me/" + key.postId() + "?embed=1";
    }

    @Override
    public String listUrl(String source) {
        return "https://t.me/s/" + source;
    }

    @Override
    public List<ParsedPost> parse(Response r) throws UnparseableException {
        Optional<FetchOutcome.Unreachable> failed = Statuses.transientFailure(r);
        if (failed.isPresent()) return Statuses.single(this, r, failed.get());
        if (r.status() == 404 || r.status() == 410) {
            return Statuses.single(this, r, FetchOutcome.gone(RemovalReason.NOT_FOUND, new Evidence(r.status(), "http:" + r.status(), "", "")));
        }
        Document doc = Jsoup.parse(r.text(), r.url());
        List<ParsedPost> out = new ArrayList<>();
        for (Element msg : doc.select("div.tgme_widget_message[data-post]")) {
            out.add(message(msg));
        }
        if (!out.isEmpty()) return out;
        Element error = doc.selectFirst(".tgme_widget_message_error");
        if (error != null) {
            String text = error.text();
            // the embed of a deleted or never-existing post: Telegram does not say which, so it is NOT_FOUND
            RemovalReason reason = text.toLowerCase().contains("channel") ? RemovalReason.ACCOUNT_GONE : RemovalReason.NOT_FOUND;
            return Statuses.single(this, r, FetchOutcome.gone(reason, new Evidence(r.status(), "telegram:message_error", text, "")));
        }
        Optional<FetchOutcome.Unreachable> wall = Walls.check(doc);
        if (wall.isPresent()) return Statuses.single(this, r, wall.get());
        if (!doc.select(".tgme_channel_info, .tgme_page, .tgme_widget_message_wrap").isEmpty()) {
            return List.of();   // a channel page with no messages (yet): nothing to report
        }
        throw new UnparseableException("no Telegram message markup (tgme_widget_message) found");
    }

    private ParsedPost message(Element msg) throws UnparseableException {
        String dataPost = msg.attr("data-post");
        if (!dataPost.matches("[A-Za-z0-9_]{1,64}/\\d{1,12}")) throw new UnparseableException("bad data-post '" + abbreviate(dataPost) + "'");
        PostKey key = PostKey.of(Platform.TELEGRAM, dataPost);
        Element signed = msg.selectFirst(".tgme_widget_message_from_author");
        Element owner = msg.selectFirst(".tgme_widget_message_owner_name");
        String author = signed != null ? signed.text() : owner != null ? owner.text() : dataPost.substring(0, dataPost.indexOf('/'));
        StringBuilder text = new StringBuilder();
        for (Element t : msg.select(".tgme_widget_message_text")) {
            // quoted replies carry the replied-to message's text: not this post's
            if (t.closest(".tgme_widget_message_reply") != null) continue;
            // a text block can wrap another (media groups): take the outermost once
            if (t.parent() != null && t.parent().closest(".tgme_widget_message_text") != null) continue;
            text.append(text.isEmpty() ? "" : "\n\n").append(Texts.of(t));
        }
        Element poll = msg.selectFirst(".tgme_widget_message_poll");
        if (poll != null) {
            Element q = poll.selectFirst(".tgme_widget_message_poll_question");
            if (q != null) text.append(text.isEmpty() ? "" : "\n\n").append(q.text());
            for (Element o : poll.select(".tgme_widget_message_poll_option_text")) text.append("\n- ").append(o.text());
        }
        Instant published = null;
        Element time = msg.selectFirst(".tgme_widget_message_date time[datetime]");
        if (time != null) {
            try {
                published = OffsetDateTime.parse(time.attr("datetime")).toInstant();
            } catch (RuntimeException e) {
                throw new UnparseableException("bad datetime '" + abbreviate(time.attr("datetime")) + "' in " + dataPost);
            }
        }
        String url = "https://t.me/" + dataPost;
        return ParsedPost.present(key, url, author, text.toString(), published, null);
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }

    static String host(String url) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? "" : h;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    static FetchOutcome.Unreachable unparseable(String why) {
        return new FetchOutcome.Unreachable(UnreachableCause.UNPARSEABLE, why);
    }
}
