package org.afterimage.search.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A saved subscription as stored (value of the compacted subscriptions topic, keyed by {@code id}).
 *
 * @param owner            the id of the API key that created it (reads are allowed to it and to admins)
 * @param query            the search filters, normalised to parameter lists (re-parsed by every reader)
 * @param includeHidden    whether self-deletions match (fixed at creation from the creator's role and config)
 * @param webhook          the webhook delivery, or null for SSE/Atom only
 * @param resumeGeneration raised by each {@code POST .../resume}; the deliverer unpauses when it grows
 */
record Subscription(String id, String owner, String name, Map<String, List<String>> query, boolean includeHidden,
                    Webhook webhook, Instant createdAt, long resumeGeneration) {
    Subscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        name = name == null ? "" : name;
        query = query == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(query));
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A signed webhook: POSTs to {@code url}, signed with {@code secret}. */
    record Webhook(String url, String secret) {
        Webhook {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "Webhook[url=" + url + ", secret=***]";   // keep the secret out of logs
        }
    }

    Subscription resumed() {
        return new Subscription(id, owner, name, query, includeHidden, webhook, createdAt, resumeGeneration + 1);
    }
}
