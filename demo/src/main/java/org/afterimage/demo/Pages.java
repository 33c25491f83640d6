package org.afterimage.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The bodies the replay platform serves, in the shapes the real platforms use and the crawler's adapters read:
 * Telegram's web preview (t.me/s/ pages and ?embed=1 widgets), Mastodon's REST JSON, Reddit's listing JSON and WeChat
 * article and removal-message pages. One method per page kind; no state.
 */
final class Pages {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'").withZone(ZoneOffset.UTC);

    private Pages() {
    }

    /** What one post looks like right now. */
    record View(ScriptedPost post, Instant publishedAt, String body, Instant editedAt) {
        String text() {
            return post.title() + "\n\n" + body;
        }
    }

    // ---- Telegram ----

    static String telegramChannel(String channel, List<View> visible) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(channel)).append(" – Telegram</title>")
                .append("<meta property=\"og:title\" content=\"").append(esc(channel)).append("\"></head>\n")
                .append("<body class=\"widget_frame_base tgme_webpreview\">\n<div class=\"tgme_channel_info\"><div class=\"tgme_channel_info_header_title\"><span dir=\"auto\">")
                .append(esc(channel)).append("</span></div></div>\n<section class=\"tgme_channel_history js-message_history\">\n");
        for (View v : visible) sb.append(telegramMessage(channel, v));
        return sb.append("</section>\n</body></html>\n").toString();
    }

    static String telegramEmbed(String channel, View v) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body class=\"widget_frame_base\">\n"
                + telegramMessage(channel, v) + "</body></html>\n";
    }

    /** The embed of a message that is not there: Telegram says no more than this, whatever the cause. */
    static String telegramNotFound() {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body class=\"widget_frame_base\">\n"
                + "<div class=\"tgme_widget_message_wrap js-widget_message_wrap\"><div class=\"tgme_widget_message_error\">Post not found</div></div>\n"
                + "</body></html>\n";
    }

    private static String telegramMessage(String channel, View v) {
        String dataPost = v.post().key().postId();
        return "<div class=\"tgme_widget_message_wrap js-widget_message_wrap\">"
                + "<div class=\"tgme_widget_message text_not_supported_wrap js-widget_message\" data-post=\"" + esc(dataPost) + "\">\n"
                + "<div class=\"tgme_widget_message_bubble\">"
                + "<div class=\"tgme_widget_message_author accent_color\"><a class=\"tgme_widget_message_owner_name\" href=\"https://t.me/"
                + esc(channel) + "\"><span dir=\"auto\">" + esc(channel) + "</span></a></div>\n"
                + "<div class=\"tgme_widget_message_text js-message_text\" dir=\"auto\">" + esc(v.post().title()) + "<br/><br/>" + esc(v.body()) + "</div>\n"
                + "<div class=\"tgme_widget_message_footer compact js-message_footer\"><div class=\"tgme_widget_message_info short js-message_info\">"
                + "<span class=\"tgme_widget_message_from_author\" dir=\"auto\">" + esc(v.post().account()) + "</span>"
                + "<span class=\"tgme_widget_message_meta\">" + (v.editedAt() != null ? "<span class=\"tgme_widget_message_edited\">edited</span> " : "")
                + "<a class=\"tgme_widget_message_date\" href=\"https://t.me/" + esc(dataPost) + "\"><time datetime=\""
                + TG_TIME.format(v.publishedAt()) + "\" class=\"time\"></time></a></span></div></div>\n"
                + "</div></div></div>\n";
    }

    // ---- Mastodon ----

    static ObjectNode mastodonStatus(View v) {
        ScriptedPost p = v.post();
        String id = p.key().postId().substring(p.key().postId().lastIndexOf('/') + 1);
        String web = "https://" + Script.MASTODON_HOST + "/@" + p.account() + "/" + id;
        ObjectNode s = JSON.createObjectNode();
        s.put("id", id);
        s.put("created_at", v.publishedAt().toString());
        s.putNull("in_reply_to_id");
        s.put("sensitive", false);
        s.put("spoiler_text", "");
        s.put("visibility", "public");
        s.put("language", "zh");
        s.put("uri", "https://" + Script.MASTODON_HOST + "/users/" + p.account() + "/statuses/" + id);
        s.put("url", web);
        s.put("replies_count", 0);
        s.put("reblogs_count", 0);
        s.put("favourites_count", 0);
        if (v.editedAt() != null) s.put("edited_at", v.editedAt().toString()); else s.putNull("edited_at");
        s.put("content", "<p>" + esc(p.title()) + "</p><p>" + esc(v.body()) + "</p>");
        ObjectNode a = s.putObject("account");
        a.put("id", p.source());
        a.put("username", p.account());
        a.put("acct", p.account());
        a.put("display_name", "Afterimage demo " + p.source());
        a.put("url", "https://" + Script.MASTODON_HOST + "/@" + p.account());
        s.putArray("media_attachments");
        s.putArray("mentions");
        s.putArray("tags");
        return s;
    }

    static ArrayNode mastodonStatuses(List<View> newestFirst) {
        ArrayNode a = JSON.createArrayNode();
        for (View v : newestFirst) a.add(mastodonStatus(v));
        return a;
    }

    /** Mastodon's answer for a status that is gone (deleted by its author or by a moderator alike). */
    static ObjectNode mastodonNotFound() {
        return JSON.createObjectNode().put("error", "Record not found");
    }

    // ---- Reddit ----

    /** A submission as a {@code t3} thing; {@code removal} is {@code [deleted]} / {@code [removed]} or null. */
    static ObjectNode redditThing(View v, String removal) {
        ScriptedPost p = v.post();
        String name = p.key().postId();
        String id = name.substring(3);
        ObjectNode thing = JSON.createObjectNode().put("kind", "t3");
        ObjectNode d = thing.putObject("data");
        d.put("subreddit", Script.SUBREDDIT);
        d.put("id", id);
        d.put("name", name);
        d.put("title", p.title());
        d.put("created_utc", (double) v.publishedAt().getEpochSecond());
        d.put("permalink", "/r/" + Script.SUBREDDIT + "/comments/" + id + "/");
        d.put("score", 1);
        d.put("num_comments", 0);
        d.put("is_self", true);
        if ("[deleted]".equals(removal)) {
            d.put("author", "[deleted]");
            d.put("selftext", "[deleted]");
            d.putNull("removed_by_category");
            d.put("edited", false);
        } else if ("[removed]".equals(removal)) {
            // a removal by Reddit's admins: Reddit names the actor in removed_by_category
            d.put("author", "[deleted]");
            d.put("selftext", "[removed]");
            d.put("removed_by_category", "anti_evil_ops");
            d.put("edited", false);
        } else {
            d.put("author", p.account());
            d.put("selftext", v.body());
            d.putNull("removed_by_category");
            if (v.editedAt() != null) d.put("edited", (double) v.editedAt().getEpochSecond()); else d.put("edited", false);
        }
        return thing;
    }

    static ObjectNode redditListing(List<ObjectNode> things) {
        ObjectNode l = JSON.createObjectNode().put("kind", "Listing");
        ObjectNode d = l.putObject("data");
        d.putNull("after");
        d.putNull("before");
        d.put("dist", things.size());
        ArrayNode children = d.putArray("children");
        things.forEach(children::add);
        return l;
    }

    // ---- WeChat ----

    static String wechatArticle(View v) {
        ScriptedPost p = v.post();
        String url = "https://mp.weixin.qq.com/" + p.key().postId();
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
                + "<meta property=\"og:title\" content=\"" + esc(p.title()) + "\" />\n"
                + "<meta property=\"og:url\" content=\"" + esc(url) + "\" />\n"
                + "<meta property=\"og:type\" content=\"article\" />\n</head>\n<body id=\"activity-detail\" class=\"zh_CN\">\n"
                + "<div class=\"rich_media_area_primary\"><h1 class=\"rich_media_title\" id=\"activity-name\">" + esc(p.title()) + "</h1>\n"
                + "<div id=\"meta_content\" class=\"rich_media_meta_list\"><span class=\"rich_media_meta rich_media_meta_nickname\" id=\"profileBt\">"
                + "<a href=\"javascript:void(0);\" id=\"js_name\">" + esc(p.account()) + "</a></span></div>\n"
                + "<div class=\"rich_media_content\" id=\"js_content\"><p>" + esc(v.body()) + "</p></div></div>\n"
                + "<script type=\"text/javascript\">var nickname = htmlDecode(\"" + jsEsc(p.account()) + "\");\nvar ct = \""
                + v.publishedAt().getEpochSecond() + "\";\n</script>\n</body></html>\n";
    }

    /** The page WeChat shows in place of a removed article, with the platform's own message. */
    static String wechatRemoved(String message) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title></title></head>\n<body>\n"
                + "<div class=\"weui-msg\"><div class=\"weui-msg__icon-area\"><i class=\"weui-icon-warn weui-icon_msg\"></i></div>\n"
                + "<div class=\"weui-msg__text-area\"><h2 class=\"weui-msg__title\">" + esc(message) + "</h2></div></div>\n"
                + "</body></html>\n";
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String jsEsc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("<", "\\x3c").replace("\n", " ");
    }
}
