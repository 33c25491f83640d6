package org.afterimage.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one fetch of one post observed; the value of {@code afterimage.captures}, keyed by {@link #key()}.
 *
 * <p>Content fields ({@code author}, {@code text}, times, {@code contentHash}) are filled when the platform showed
 * them, which is always for {@link FetchOutcome.Present} and sometimes for {@link FetchOutcome.Gone} (a listing
 * may still show the author). Missing values are {@code null} on the wire; use the {@code Optional} accessors.
 *
 * @param contentHash {@link ContentHash#of} the normalised text: equal hashes mean "no real edit"
 * @param countries   ISO country codes the post is withheld in (X {@code withheld}), empty when none
 * @param vantage     where the fetch was made from (crawler instance or region), for multi-vantage comparisons
 */
public record Capture(
        PostKey key,
        String url,
        Instant fetchedAt,
        FetchOutcome outcome,
        String author,
        String text,
        Instant publishedAt,
        Instant editedAt,
        String contentHash,
        List<String> countries,
        WarcRef warc,
        String vantage) {

    /** Longest text kept for one post; platform texts are far shorter, this stops a hostile page. */
    public static final int MAX_TEXT = 200_000;

    public Capture {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(outcome, "outcome");
        if (text != null && text.length() > MAX_TEXT) throw new IllegalArgumentException("text longer than " + MAX_TEXT);
        if (outcome instanceof FetchOutcome.Present && contentHash == null) {
            contentHash = ContentHash.of(text == null ? "" : text);
        }
        countries = countries == null ? List.of() : List.copyOf(countries);
        vantage = Objects.requireNonNullElse(vantage, "default");
    }

    /** A visible post, hash computed from the text. */
    public static Capture present(PostKey key, String url, Instant fetchedAt, String author, String text,
                                  Instant publishedAt, Instant editedAt) {
        return new Capture(key, url, fetchedAt, FetchOutcome.present(), author, text, publishedAt, editedAt,
                ContentHash.of(text == null ? "" : text), List.of(), null, null);
    }

    /** A capture with nothing but an outcome (gone or unreachable). */
    public static Capture of(PostKey key, String url, Instant fetchedAt, FetchOutcome outcome) {
        return new Capture(key, url, fetchedAt, outcome, null, null, null, null, null, List.of(), null, null);
    }

    public Optional<String> authorIfKnown() {
        return Optional.ofNullable(author);
    }

    public Optional<String> textIfKnown() {
        return Optional.ofNullable(text);
    }

    public Optional<Instant> publishedAtIfKnown() {
        return Optional.ofNullable(publishedAt);
    }

    public Optional<WarcRef> warcIfArchived() {
        return Optional.ofNullable(warc);
    }

    public Capture withWarc(WarcRef ref) {
        FetchOutcome o = outcome;
        if (o instanceof FetchOutcome.Gone g && ref != null && g.evidence().warcRecordId().isEmpty()) {
            o = new FetchOutcome.Gone(g.reason(), g.evidence().withWarcRecordId(ref.recordId()));
        }
        return new Capture(key, url, fetchedAt, o, author, text, publishedAt, editedAt, contentHash, countries, ref, vantage);
    }

    public Capture withVantage(String v) {
        return new Capture(key, url, fetchedAt, outcome, author, text, publishedAt, editedAt, contentHash, countries, warc, v);
    }
}
