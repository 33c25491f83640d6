package org.afterimage.crawler.parse;

import java.util.Optional;
import org.afterimage.model.FetchOutcome;

/**
 * The response could not be understood as this platform's format. Carries the line (1-based, 0 when unknown) so the
 * CLI can name it. Never a removal: the crawler records it as {@code Unreachable(UNPARSEABLE)}.
 */
public final class UnparseableException extends Exception {
    private static final long serialVersionUID = 1L;
    private final long line;
    private final transient FetchOutcome outcome;

    public UnparseableException(String message, long line) {
        super(message);
        this.line = line;
        this.outcome = null;
    }

    /** The adapter knew the outcome ({@code outcome}) but not which post it is about: the caller may know. */
    public UnparseableException(String message, FetchOutcome outcome) {
        super(message);
        this.line = 0;
        this.outcome = outcome;
    }

    public Optional<FetchOutcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    public UnparseableException(String message) {
        this(message, 0);
    }

    public long line() {
        return line;
    }
}
