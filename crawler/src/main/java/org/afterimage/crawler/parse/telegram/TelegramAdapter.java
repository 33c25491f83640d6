package org.afterimage.crawler.parse.telegram;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Dates;
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
 * Telegram public channels through the web preview: {@code t.me/s/<channel>} lists messages (paged with
 * {@code ?before=}), {@code t.me/<channel>/<id>?embed=1} shows one, or an error block when it is gone.
 * Post id: {@code channel/id}.
 */
final class TelegramAdapter implements Adapter {
    private static final Pattern DATA_POST = Pattern.compile("[A-Za-z0-9_]{1,64}/\\d{1,12}");
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

    /** {@code t.me/s/<channel>?before=<oldest id on this page>}. */
    @Override
    public Optional<String> olderPage(String listUrl, List<ParsedPost> posts) {
        long oldest = Long.MAX_VALUE;
        String channel = null;
        for (ParsedPost p : posts) {
            String id = p.key().postId();
            int slash = id.indexOf('/');
            channel = id.substring(0, slash);
            oldest = Math.min(oldest, Long.parseLong(id.substring(slash + 1)));
        }
        if (channel == null || oldest <= 1) return Optional.empty();
        return Optional.of("https://t.me/s/" + channel + "?before=" + oldest);
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
        for (Parts parts : Parts.all(doc)) {
            out.add(message(parts));
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

    private ParsedPost message(Parts parts) throws UnparseableException {
        String dataPost = parts.message.attr("data-post");
        if (!DATA_POST.matcher(dataPost).matches()) throw new UnparseableException("bad data-post '" + Texts.abbreviate(dataPost) + "'");
        PostKey key = PostKey.of(Platform.TELEGRAM, dataPost);
        String author = parts.signed != null ? parts.signed.text() : parts.owner != null ? parts.owner.text() : dataPost.substring(0, dataPost.indexOf('/'));
        StringBuilder text = new StringBuilder();
        for (Element t : parts.texts) text.append(text.isEmpty() ? "" : "\n\n").append(Texts.of(t));
        Element poll = parts.poll;
        if (poll != null) {
            Element q = poll.selectFirst(".tgme_widget_message_poll_question");
            if (q != null) text.append(text.isEmpty() ? "" : "\n\n").append(q.text());
            for (Element o : poll.select(".tgme_widget_message_poll_option_text")) text.append("\n- ").append(o.text());
        }
        Instant published = null;
        Element time = parts.time;
        if (time != null) {
            try {
                String datetime = time.attr("datetime");
                Instant utc = Dates.utc(datetime);
                published = utc != null ? utc : OffsetDateTime.parse(datetime).toInstant();
            } catch (RuntimeException e) {
                throw new UnparseableException("bad datetime '" + Texts.abbreviate(time.attr("datetime")) + "' in " + dataPost);
            }
        }
        String url = "https://t.me/" + dataPost;
        return ParsedPost.present(key, url, author, text.toString(), published, null);
    }

    /**
     * The pieces of one message, found in a single walk of its subtree (a page holds dozens of messages with large
     * inline SVGs; one select per piece walked each subtree six times). Text blocks are taken outermost-first, and
     * never from inside a quoted reply, whose text is the replied-to message's.
     */
    private static final class Parts {
        final Element message;
        Element signed;
        Element owner;
        Element poll;
        Element time;
        final List<Element> texts = new ArrayList<>(2);

        Parts(Element message) {
            this.message = message;
        }

        private static final int REPLY = 1;
        private static final int DATE = 2;
        private static final int TEXT = 4;
        private static final int FROM_AUTHOR = 8;
        private static final int OWNER_NAME = 16;
        private static final int POLL = 32;
        private static final String PREFIX = "tgme_widget_message_";

        /**
         * The message-piece classes {@code e} carries, as bits, from one scan of its class attribute (six
         * {@code hasClass} calls re-scanned it six times, twice per element). Most elements (SVG paths, media
         * wrappers) carry none: one {@code indexOf} decides.
         */
        static int classes(Element e) {
            String cls = e.className();
            int at = cls.indexOf(PREFIX);
            if (at < 0) return 0;
            int bits = 0;
            int n = cls.length();
            while (at >= 0) {
                int end = at + PREFIX.length();
                while (end < n && !Character.isWhitespace(cls.charAt(end))) end++;
                // a whole class token only: "tgme_widget_message_text" must not match "x_tgme_widget_message_text"
                if (at == 0 || Character.isWhitespace(cls.charAt(at - 1))) {
                    switch (cls.substring(at + PREFIX.length(), end)) {
                        case "reply" -> bits |= REPLY;
                        case "date" -> bits |= DATE;
                        case "text" -> bits |= TEXT;
                        case "from_author" -> bits |= FROM_AUTHOR;
                        case "owner_name" -> bits |= OWNER_NAME;
                        case "poll" -> bits |= POLL;
                        default -> { }
                    }
                }
                at = cls.indexOf(PREFIX, end);
            }
            return bits;
        }

        /** Every message of the page with its pieces, in one walk of the document. */
        static List<Parts> all(Document doc) {
            List<Parts> all = new ArrayList<>();
            org.jsoup.select.NodeTraversor.traverse(new org.jsoup.select.NodeVisitor() {
                Parts p;
                int inReply;
                int inText;
                int inDate;

                @Override
                public void head(org.jsoup.nodes.Node node, int depth) {
                    if (!(node instanceof Element e)) return;
                    if (p == null) {
                        if (e.normalName().equals("div") && e.hasAttr("data-post") && e.hasClass("tgme_widget_message")) {
                            p = new Parts(e);
                            all.add(p);
                        }
                        return;
                    }
                    if (p.time == null && inDate > 0 && e.normalName().equals("time") && e.hasAttr("datetime")) p.time = e;
                    int c = classes(e);
                    if (c == 0) return;
                    if ((c & REPLY) != 0) inReply++;
                    if ((c & DATE) != 0) inDate++;
                    if ((c & TEXT) != 0) {
                        if (inReply == 0 && inText == 0) p.texts.add(e);
                        inText++;
                    }
                    if (p.signed == null && (c & FROM_AUTHOR) != 0) p.signed = e;
                    if (p.owner == null && (c & OWNER_NAME) != 0) p.owner = e;
                    if (p.poll == null && (c & POLL) != 0) p.poll = e;
                }

                @Override
                public void tail(org.jsoup.nodes.Node node, int depth) {
                    if (!(node instanceof Element e) || p == null) return;
                    if (e == p.message) {
                        p = null;
                        inReply = inText = inDate = 0;
                        return;
                    }
                    int c = classes(e);
                    if ((c & REPLY) != 0) inReply--;
                    if ((c & DATE) != 0) inDate--;
                    if ((c & TEXT) != 0) inText--;
                }
            }, doc);
            return all;
        }
    }
}
