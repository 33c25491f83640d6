package org.afterimage.search.auth;

/** The caller may not do this: no or bad key (401), wrong role (403), or over its rate limit (429). */
public final class AuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind { UNAUTHENTICATED, FORBIDDEN, RATE_LIMITED }

    private final Kind kind;
    private final long retryAfterSeconds;

    public AuthException(Kind kind, String message, long retryAfterSeconds) {
        super(message);
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Kind kind() {
        return kind;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
