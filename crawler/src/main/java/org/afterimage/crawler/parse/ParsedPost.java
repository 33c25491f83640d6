package org.afterimage.crawler.parse;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.afterimage.model.Capture;
import org.afterimage.model.ContentHash;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.PostKey;
import org.afterimage.model.WarcRef;

/**
 * What an adapter found about one post in one response. Content fields are {@code null} when the platform did not
 * show them. {@link #toCapture} turns it into the record published on {@code afterimage.captures}.
 */
public record ParsedPost(PostKey key, String url, FetchOutcome outcome, String author, String text,
                         Instant publishedAt, Instant editedAt, List<String> countries) {
    public ParsedPost {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
        url = Objects.requireNonNullElse(url, "");
        if (text != null && text.length() > Capture.MAX_TEXT) text = text.substring(0, Capture.MAX_TEXT);
        countries = countries == null ? List.of() : List.copyOf(countries);
    }

    public static ParsedPost present(PostKey key, String url, String author, String text, Instant publishedAt, Instant editedAt) {
        return new ParsedPost(key, url, FetchOutcome.present(), author, text, publishedAt, editedAt, List.of());
    }

    public static ParsedPost of(PostKey key, String url, FetchOutcome outcome) {
        return new ParsedPost(key, url, outcome, null, null, null, null, List.of());
    }

    /** {@link ContentHash#of} the text for a visible post, else {@code null}. */
    public String contentHash() {
        return outcome instanceof FetchOutcome.Present ? ContentHash.of(text == null ? "" : text) : null;
    }

    public Capture toCapture(Instant fetchedAt, WarcRef warc, String vantage) {
        Capture c = new Capture(key, url.isEmpty() ? key.toString() : url, fetchedAt, outcome, author, text,
                publishedAt, editedAt, contentHash(), countries, null, vantage);
        return warc == null ? c : c.withWarc(warc);
    }
}
