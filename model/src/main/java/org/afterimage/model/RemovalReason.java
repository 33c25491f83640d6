package org.afterimage.model;

/**
 * Why a post is no longer visible, as the platform signalled it (DESIGN §5). Only {@link #NOT_FOUND} is
 * ambiguous: a bare 404 must be confirmed by a second fetch before it becomes an event.
 */
public enum RemovalReason {
    /** Removed by the platform or under legal order (Weibo 20112, WeChat "violates regulations", Reddit anti-evil). */
    CENSORED,
    /** Removed by a community moderator (Reddit {@code [removed]} by a subreddit moderator). */
    REMOVED_BY_MODERATOR,
    /** Deleted by its author (Reddit {@code [deleted]}, WeChat 该内容已被发布者删除). Hidden from public search by default. */
    DELETED_BY_AUTHOR,
    /** The author's account was suspended or blocked (WeChat 此帐号已被屏蔽, X suspended). */
    ACCOUNT_SUSPENDED,
    /** The account itself is gone or deactivated. */
    ACCOUNT_GONE,
    /** Withheld in some countries, visible elsewhere. */
    GEO_BLOCKED,
    /** Protected account or limited visibility: not a removal of content. */
    PRIVATE,
    /** 404/410 with no further signal: ambiguous until confirmed. */
    NOT_FOUND;

    /** True when the platform's signal is definite enough to report at once. */
    public boolean isDefinite() {
        return this != NOT_FOUND;
    }

    /** False for {@link #PRIVATE}: the content still exists, only its audience changed. */
    public boolean isContentRemoval() {
        return this != PRIVATE;
    }
}
