package org.afterimage.crawler.parse.html;

import java.time.Instant;
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
import org.afterimage.crawler.parse.Walls;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Any HTML site described by a {@link SiteProfile}. Post id: {@code <profile name>/<id>}. */
final class HtmlAdapter implements Adapter {
    private final SiteProfile profile;

    HtmlAdapter(SiteProfile profile) {
        this.profile = profile;
    }

    @Override
    public Platform platform() {
        return Platform.HTML;
    }

    @Override
    public Optional<PostKey> keyFor(String url) {
        return Optional.empty();   // sites name posts in their markup, not in a URL shape we know
    }

    @Override
    public String listUrl(String source) {
        return profile.listUrl().isEmpty() ? source : profile.listUrl();
    }

    @Override
    public List<ParsedPost> parse(Response r) throws UnparseableException {
        Optional<FetchOutcome.Unreachable> failed = Statuses.transientFailure(r);
        if (failed.isPresent()) throw new UnparseableException("site answered " + failed.get().detail() + " (" + failed.get().cause() + ")");
        Document doc = Jsoup.parse(r.text(), r.url());
        List<ParsedPost> out = new ArrayList<>();
        for (Element post : doc.select(profile.post())) {
            String id = read(post, profile.id());
            if (id == null || id.isBlank()) throw new UnparseableException("a post matching '" + profile.post() + "' has no id");
            id = id.strip();
            PostKey key;
            try {
                key = PostKey.of(Platform.HTML, profile.name() + "/" + id);
            } catch (IllegalArgumentException e) {
                throw new UnparseableException("post id '" + Texts.abbreviate(id) + "': " + e.getMessage());
            }
            String url = r.url();
            if (profile.permalink() != null) {
                SiteProfile.Field f = profile.permalink();
                Element link = f.selector().isEmpty() ? post : post.selectFirst(f.selector());
                if (link != null) {
                    String v = f.attr().isEmpty() ? link.text() : link.absUrl(f.attr());
                    if (v.isBlank() && !f.attr().isEmpty()) v = link.attr(f.attr());
                    if (!v.isBlank()) url = v.strip();
                }
            }
            String author = profile.author() == null ? null : read(post, profile.author());
            Instant time = profile.time() == null ? null : Dates.lenient(read(post, profile.time()));
            Optional<SiteProfile.Marker> removed = profile.removed().stream().filter(m -> {
                for (Element e : post.select(m.selector())) if (e.text().contains(m.contains())) return true;
                return false;
            }).findFirst();
            if (removed.isPresent()) {
                SiteProfile.Marker m = removed.get();
                String message = post.select(m.selector()).text();
                out.add(new ParsedPost(key, url, FetchOutcome.gone(m.reason(), new Evidence(r.status(), "html:" + profile.name() + ":" + m.selector(), message, "")),
                        author, null, time, null, List.of()));
                continue;
            }
            Element textEl = profile.text().selector().isEmpty() ? post : post.selectFirst(profile.text().selector());
            String text = textEl == null ? "" : profile.text().attr().isEmpty() ? Texts.of(textEl) : textEl.attr(profile.text().attr());
            out.add(ParsedPost.present(key, url, author, text, time, null));
        }
        if (out.isEmpty()) {
            Optional<FetchOutcome.Unreachable> wall = Walls.check(doc);
            if (wall.isPresent()) throw new UnparseableException("login wall or captcha: " + wall.get().detail());
            if (r.status() == 404 || r.status() == 410) {
                throw new UnparseableException("HTTP " + r.status() + " and no post: a page-level 404 names no post");
            }
        }
        return out;
    }

    private static String read(Element post, SiteProfile.Field f) {
        Element e = f.selector().isEmpty() ? post : post.selectFirst(f.selector());
        if (e == null) return null;
        return f.attr().isEmpty() ? e.text() : e.attr(f.attr());
    }
}
