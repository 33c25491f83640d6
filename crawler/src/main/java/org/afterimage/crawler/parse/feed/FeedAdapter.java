package org.afterimage.crawler.parse.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Dates;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.parse.Statuses;
import org.afterimage.crawler.parse.Texts;
import org.afterimage.crawler.parse.UnparseableException;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * RSS 2.0 and Atom feeds. Post id: the item's {@code guid}/{@code id}, else its link. A feed only ever shows posts:
 * an item that left the feed is not evidence of removal, so this adapter never reports {@code Gone}.
 */
final class FeedAdapter implements Adapter {
    @Override
    public Platform platform() {
        return Platform.RSS;
    }

    @Override
    public Optional<PostKey> keyFor(String url) {
        return Optional.empty();
    }

    @Override
    public String listUrl(String source) {
        return source;
    }

    @Override
    public List<ParsedPost> parse(Response r) throws UnparseableException {
        Optional<FetchOutcome.Unreachable> failed = Statuses.transientFailure(r);
        if (failed.isPresent()) throw new UnparseableException("feed answered " + failed.get().detail() + " (" + failed.get().cause() + ")");
        if (r.status() != 200) throw new UnparseableException("feed answered HTTP " + r.status());
        Document doc = Jsoup.parse(r.text(), r.url(), Parser.xmlParser());
        boolean atom = doc.selectFirst("feed") != null;
        boolean rss = doc.selectFirst("rss, rdf|RDF, channel") != null;
        if (!atom && !rss) throw new UnparseableException("neither an RSS nor an Atom feed");
        List<ParsedPost> out = new ArrayList<>();
        for (Element item : doc.select(atom ? "entry" : "item")) {
            String link = atom ? Optional.ofNullable(item.selectFirst("link[rel=alternate], link:not([rel])")).map(l -> l.attr("href")).orElse("")
                    : child(item, "link");
            String id = atom ? child(item, "id") : child(item, "guid");
            if (id.isBlank()) id = link;
            if (id.isBlank()) throw new UnparseableException("feed item without guid, id or link");
            id = id.strip().replaceAll("\\s+", "");
            if (id.length() > PostKey.MAX_ID_LENGTH) throw new UnparseableException("feed item id longer than " + PostKey.MAX_ID_LENGTH);
            String author = atom ? child(item, "author > name") : child(item, "dc|creator");
            if (author.isBlank()) author = child(item, "author");
            String title = child(item, "title");
            String body = atom ? firstNonBlank(child(item, "content"), child(item, "summary"))
                    : firstNonBlank(child(item, "content|encoded"), child(item, "description"));
            String bodyText = body.isBlank() ? "" : Texts.ofHtml(body);
            String text = title.isBlank() ? bodyText : bodyText.isBlank() ? title.strip() : title.strip() + "\n\n" + bodyText;
            var published = Dates.lenient(atom ? firstNonBlank(child(item, "published"), child(item, "updated")) : firstNonBlank(child(item, "pubDate"), child(item, "dc|date")));
            var updated = atom && !child(item, "published").isBlank() ? Dates.lenient(child(item, "updated")) : null;
            if (updated != null && updated.equals(published)) updated = null;
            out.add(ParsedPost.present(PostKey.of(Platform.RSS, id), link.isBlank() ? id : link.strip(),
                    author.isBlank() ? null : author.strip(), text, published, updated));
        }
        return out;
    }

    private static String child(Element item, String css) {
        Element e = item.selectFirst(css);
        return e == null ? "" : e.text();
    }

    private static String firstNonBlank(String a, String b) {
        return a.isBlank() ? b : a;
    }
}
