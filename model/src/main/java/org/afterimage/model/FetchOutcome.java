package org.afterimage.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.Objects;

/**
 * What one fetch of one post observed (DESIGN §4). Exactly one of: the post is visible, the platform says it is
 * gone (and why), or the fetch could not tell. A transient failure is its own type so that it can never be taken
 * for a deletion: handle outcomes with an exhaustive {@code switch}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = FetchOutcome.Present.class, name = "present"),
    @JsonSubTypes.Type(value = FetchOutcome.Gone.class, name = "gone"),
    @JsonSubTypes.Type(value = FetchOutcome.Unreachable.class, name = "unreachable")})
public sealed interface FetchOutcome {

    /** The short name used on the wire and in the CLI: {@code present|gone|unreachable}. */
    String kind();

    /** The post is visible; its content is on the {@link Capture}. */
    record Present() implements FetchOutcome {
        @Override
        public String kind() {
            return "present";
        }
    }

    /** The platform says the post is not there, and why. */
    record Gone(RemovalReason reason, Evidence evidence) implements FetchOutcome {
        public Gone {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(evidence, "evidence");
        }

        @Override
        public String kind() {
            return "gone";
        }
    }

    /**
     * The fetch could not tell (network, timeout, 429, 5xx, login wall, robots). Retry with backoff.
     *
     * @param retryAfter the server's {@code Retry-After}, or {@code null} when it sent none
     */
    record Unreachable(UnreachableCause cause, String detail, Duration retryAfter) implements FetchOutcome {
        public Unreachable {
            Objects.requireNonNull(cause, "cause");
            detail = Objects.requireNonNullElse(detail, "");
            if (detail.length() > 1024) detail = detail.substring(0, 1024);
            if (retryAfter != null && retryAfter.isNegative()) retryAfter = Duration.ZERO;
        }

        public Unreachable(UnreachableCause cause, String detail) {
            this(cause, detail, null);
        }

        @Override
        public String kind() {
            return "unreachable";
        }
    }

    static Present present() {
        return new Present();
    }

    static Gone gone(RemovalReason reason, Evidence evidence) {
        return new Gone(reason, evidence);
    }

    static Unreachable unreachable(UnreachableCause cause, String detail) {
        return new Unreachable(cause, detail);
    }
}
