package org.afterimage.crawler.parse;

/**
 * The response could not be understood as this platform's format. Carries the line (1-based, 0 when unknown) so the
 * CLI can name it. Never a removal: the crawler records it as {@code Unreachable(UNPARSEABLE)}.
 */
public final class UnparseableException extends Exception {
    private static final long serialVersionUID = 1L;
    private final long line;

    public UnparseableException(String message, long line) {
        super(message);
        this.line = line;
    }

    public UnparseableException(String message) {
        this(message, 0);
    }

    public long line() {
        return line;
    }
}
