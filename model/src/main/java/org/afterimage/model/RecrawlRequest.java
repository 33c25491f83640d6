package org.afterimage.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The detector asks the crawler to fetch a known post again; value of {@code afterimage.recrawl-requests}.
 *
 * @param attempt  1 for the first check at this rung of the schedule, higher for retries after {@code Unreachable}
 * @param priority higher first when the crawler's budget is short (younger and riskier posts score higher)
 * @param purpose  why: a scheduled check, a quick confirmation of a lone NOT_FOUND, or a retry
 */
public record RecrawlRequest(PostKey key, String url, Instant due, int attempt, int priority, Purpose purpose) {

    public enum Purpose { SCHEDULED, CONFIRM, RETRY }

    public RecrawlRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(due, "due");
        if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        purpose = Objects.requireNonNullElse(purpose, Purpose.SCHEDULED);
    }

    public Platform platform() {
        return key.platform();
    }
}
