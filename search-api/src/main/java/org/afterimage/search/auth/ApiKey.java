package org.afterimage.search.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored key: never the secret, only its SHA-256 (hex). {@code id} is public and names the key in lists, logs
 * and rate limits. {@code expiresAt} is optional (null: until revoked); key files from before it existed read as null.
 */
public record ApiKey(String id, String name, Role role, String sha256, Instant createdAt, Instant revokedAt, Instant expiresAt) {
    public ApiKey {
        Objects.requireNonNull(id, "id");
        name = Objects.requireNonNullElse(name, "");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** Whether the key has passed its expiry at {@code now}. */
    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    ApiKey revoke(Instant at) {
        return revokedAt != null ? this : new ApiKey(id, name, role, sha256, createdAt, at, expiresAt);
    }
}
