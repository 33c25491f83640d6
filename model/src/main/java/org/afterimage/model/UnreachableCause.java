package org.afterimage.model;

/** Why a fetch could not tell whether a post is there. None of these is ever evidence of removal. */
public enum UnreachableCause {
    TIMEOUT,
    CONNECTION,
    RATE_LIMITED,
    SERVER_ERROR,
    /** A captcha, login wall or interstitial was served instead of the content. */
    LOGIN_WALL,
    ROBOTS_DISALLOWED,
    /** The body exceeded the configured limit (or decompressed past it). */
    TOO_LARGE,
    REDIRECT_LOOP,
    /** The response could not be understood (unexpected markup or JSON): the adapter may be out of date. */
    UNPARSEABLE,
    /** The host's circuit breaker is open after repeated failures. */
    CIRCUIT_OPEN,
    /** The account or host is on the opt-out list; never fetched. */
    OPTED_OUT,
    OTHER
}
