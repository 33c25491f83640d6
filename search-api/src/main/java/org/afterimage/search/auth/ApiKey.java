package org.afterimage.search.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored key: never the secret, only its SHA-256 (hex). {@code id} is public and names the key in lists, logs
 * and rate limits.
 */
public record ApiKey(String id, String name, Role role, String sha256, Instant createdAt, Instant revokedAt) {
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

    ApiKey revoke(Instant at) {
        return revokedAt != null ? this : new ApiKey(id, name, role, sha256, createdAt, at);
    }
}
