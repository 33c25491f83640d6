package org.afterimage.search.privacy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a self-deleted post ({@code DELETED_BY_AUTHOR}) is purged: once its removal is older than the horizon. The
 * archive has no notion of a public figure, so every author counts as an ordinary user and the horizon applies to
 * all self-deletions. Censorship and moderator removals are never purged by retention: they are the record.
 */
record RetentionPolicy(Optional<Duration> horizon) {
    RetentionPolicy {
        if (horizon.isPresent() && (horizon.get().isNegative() || horizon.get().isZero())) horizon = Optional.empty();
    }

    /** Removals before this instant are due; empty when retention is off. */
    Optional<Instant> cutoff(Instant now) {
        return horizon.map(now::minus);
    }

    /** Whether a post removed at {@code removedAt} is past the horizon at {@code now} (exactly at the horizon: not yet). */
    boolean due(Instant removedAt, Instant now) {
        return removedAt != null && cutoff(now).map(removedAt::isBefore).orElse(false);
    }
}
