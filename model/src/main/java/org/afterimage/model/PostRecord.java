package org.afterimage.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The current state of one post; value of the compacted {@code afterimage.posts} topic, keyed by {@link #key()}.
 * Elasticsearch's posts index is a view of this topic.
 *
 * @param seq      increases by one with every change the detector publishes for this post: the indexer uses it as
 *                 the external version, so an older record can never overwrite a newer one
 * @param versions every distinct content seen, oldest first (bounded by the detector)
 * @param removal  set while the post is removed (and kept, with status {@code restored}, after it came back)
 */
public record PostRecord(
        PostKey key,
        long seq,
        String url,
        String author,
        Instant publishedAt,
        Instant firstSeen,
        Instant lastSeen,
        Instant updatedAt,
        PostStatus status,
        List<PostVersion> versions,
        Removal removal,
        List<String> countries,
        int captures) {

    public PostRecord {
        Objects.requireNonNull(key, "key");
        if (seq < 0) throw new IllegalArgumentException("negative seq");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(status, "status");
        versions = versions == null ? List.of() : List.copyOf(versions);
        countries = countries == null ? List.of() : List.copyOf(countries);
        if (status == PostStatus.REMOVED && removal == null) throw new IllegalArgumentException("removed post without removal");
        if (captures < 0) throw new IllegalArgumentException("negative captures");
    }

    public Optional<Removal> removalIfAny() {
        return Optional.ofNullable(removal);
    }

    /** The latest version, if any content was ever seen. */
    public Optional<PostVersion> latest() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }
}
