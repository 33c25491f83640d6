package org.afterimage.demo;

import java.time.Duration;
import java.util.Objects;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;

/**
 * One post of the script. Times are offsets on the replay clock (virtual time since the platform started).
 *
 * @param source  the watched source it appears in: Telegram channel, Mastodon account id, subreddit, WeChat token
 * @param account the author as the platform shows it
 */
record ScriptedPost(int n, PostKey key, String source, String account, String title, String body, Duration publishAt, Fate fate) {
    ScriptedPost {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fate, "fate");
    }

    Platform platform() {
        return key.platform();
    }

    /** What happens to the post after publication. */
    sealed interface Fate {
        /** Published and never touched. */
        record Untouched() implements Fate {
        }

        /**
         * Removed at {@code at} with the WeChat record's {@code message}; {@code expected} is the reason the platform's
         * own signal carries (Telegram and Mastodon show a bare "not found", whatever the cause).
         */
        record Removal(Duration at, String message, RemovalReason expected) implements Fate {
        }

        /** Its body becomes {@code newBody} at {@code at}. */
        record Edit(Duration at, String newBody) implements Fate {
        }

        /** Its own URL answers with {@code kind} between {@code from} and {@code until}; never removed. */
        record Transient(TransientKind kind, Duration from, Duration until) implements Fate {
        }
    }

    /** The transient failures the replay platform injects. */
    enum TransientKind { RATE_LIMITED, SERVER_ERROR, TIMEOUT }
}
