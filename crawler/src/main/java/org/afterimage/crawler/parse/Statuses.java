package org.afterimage.crawler.parse;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.PostKey;
import org.afterimage.model.UnreachableCause;

/**
 * The statuses every platform treats alike: they say nothing about the post. 429 and 5xx are the server's trouble,
 * 401/407 a login wall, 3xx a redirect the fetcher did not follow. Kept in one place so no adapter can turn one
 * into a removal. Public for the platform sub-packages
 * only, not part of the crawler's API.
 */
public final class Statuses {
    private Statuses() {
    }

    public static Optional<FetchOutcome.Unreachable> transientFailure(Response r) {
        int s = r.status();
        if (s == 429) {
            return Optional.of(new FetchOutcome.Unreachable(UnreachableCause.RATE_LIMITED, "HTTP 429",
                    r.retryAfter(serverNow(r)).orElse(null)));
        }
        if (s == 503 && r.header("Retry-After").isPresent()) {
            return Optional.of(new FetchOutcome.Unreachable(UnreachableCause.SERVER_ERROR, "HTTP 503",
                    r.retryAfter(serverNow(r)).orElse(null)));
        }
        if (s >= 500) return Optional.of(new FetchOutcome.Unreachable(UnreachableCause.SERVER_ERROR, "HTTP " + s));
        if (s == 401 || s == 407) return Optional.of(new FetchOutcome.Unreachable(UnreachableCause.LOGIN_WALL, "HTTP " + s));
        if (s >= 300 && s < 400) return Optional.of(new FetchOutcome.Unreachable(UnreachableCause.OTHER, "unfollowed redirect HTTP " + s));
        if (s < 100 || s > 599) return Optional.of(new FetchOutcome.Unreachable(UnreachableCause.OTHER, "invalid HTTP status " + s));
        return Optional.empty();
    }

    /**
     * The server's own clock ({@code Date} header) as the base for an HTTP-date {@code Retry-After}: a skewed local
     * clock must not shorten or stretch the wait. Falls back to ours when the server sent no usable date.
     */
    static Instant serverNow(Response r) {
        return r.header("Date").flatMap(d -> {
            try {
                return java.util.Optional.of(java.time.ZonedDateTime.parse(d.strip(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (RuntimeException e) {
                return java.util.Optional.empty();
            }
        }).orElseGet(Instant::now);
    }

    /** One result for the URL's post, or a clear error when the URL names none. */
    public static List<ParsedPost> single(Adapter a, Response r, FetchOutcome outcome) throws UnparseableException {
        PostKey key = a.keyFor(r.url()).orElseThrow(() -> new UnparseableException(
                outcome.kind() + " response (HTTP " + r.status() + ") but no post URL to name the post; pass --url", outcome));
        return List.of(ParsedPost.of(key, r.url(), outcome));
    }
}
