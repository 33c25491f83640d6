package org.afterimage.model.json;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be decoded. Carries the {@link Problem} so consumers can route the record to
 * {@code afterimage.dead-letters} with a reason a person can act on. Extends Kafka's {@link SerializationException}
 * so Kafka's own deserialization-error handling recognises it.
 */
public final class MalformedRecordException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the bytes. */
    public enum Problem {
        /** Not parseable as JSON at all (or truncated). */
        NOT_JSON,
        /** JSON, but a field has the wrong type, or a required one is missing. */
        WRONG_TYPE,
        /** The {@code schema} field is missing or names a version this build does not read. */
        UNKNOWN_SCHEMA_VERSION,
        /** Larger than the codec's limit, or nested deeper than allowed. */
        OVERSIZE,
        /** Well-formed and well-typed, but breaks an invariant (negative offset, probability 1.5, ...). */
        INVALID
    }

    private final Problem problem;

    public MalformedRecordException(Problem problem, String message, Throwable cause) {
        super(problem + ": " + message, cause);
        this.problem = problem;
    }

    public MalformedRecordException(Problem problem, String message) {
        this(problem, message, null);
    }

    public Problem problem() {
        return problem;
    }
}
