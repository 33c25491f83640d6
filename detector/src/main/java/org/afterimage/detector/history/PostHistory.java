package org.afterimage.detector.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.afterimage.model.PostStatus;
import org.afterimage.model.Removal;

/**
 * Everything the detector remembers about one post between captures; the value of the history store, keyed by
 * the post key. Times are epoch milliseconds ({@code 0} = unknown) to keep the stored form small.
 *
 * @param seq             the {@code PostRecord.seq} last published ({@code 0}: nothing published yet)
 * @param versions        distinct contents, oldest first, bounded (first kept, then the latest)
 * @param lastPresent     when the post was last seen visible
 * @param consecutiveNotFound bare NOT_FOUNDs in a row since it was last seen (2 confirm a removal)
 * @param consecutiveUnreachable failed fetches in a row (drives the retry backoff)
 * @param scheduledDue    the due time of this post's one entry in the schedule store ({@code 0}: none)
 * @param risk            a multiplier (>= 1) on the check rate from lexicon hits and the author's record
 */
public record PostHistory(
        String url,
        String author,
        long publishedAt,
        long firstSeen,
        long lastSeen,
        long lastPresent,
        PostStatus status,
        List<Version> versions,
        Removal removal,
        List<String> countries,
        String lastOutcome,
        int consecutiveNotFound,
        int consecutiveUnreachable,
        int captures,
        long seq,
        long scheduledDue,
        double risk) {

    /** One distinct content. */
    public record Version(String hash, String text, long firstSeen, long lastSeen) {
        public Version {
            Objects.requireNonNull(hash, "hash");
            text = Objects.requireNonNullElse(text, "");
        }
    }

    public PostHistory {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(status, "status");
        versions = versions == null ? List.of() : List.copyOf(versions);
        countries = countries == null ? List.of() : List.copyOf(countries);
        lastOutcome = Objects.requireNonNullElse(lastOutcome, "");
    }

    /** Publication time if known, else first seen: the origin of the post's age. */
    public long origin() {
        return publishedAt > 0 ? publishedAt : firstSeen;
    }

    public boolean removed() {
        return status == PostStatus.REMOVED;
    }

    public Version latest() {
        return versions.isEmpty() ? null : versions.get(versions.size() - 1);
    }

    /** Appends {@code v}, dropping the second-oldest when over {@code max} (the first version is always kept). */
    public static List<Version> append(List<Version> versions, Version v, int max) {
        List<Version> out = new ArrayList<>(versions);
        out.add(v);
        while (out.size() > max && out.size() > 1) out.remove(out.size() > 2 ? 1 : 0);
        return out;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-with for the classifier. */
    public static final class Builder {
        public String url;
        public String author;
        public long publishedAt;
        public long firstSeen;
        public long lastSeen;
        public long lastPresent;
        public PostStatus status;
        public List<Version> versions;
        public Removal removal;
        public List<String> countries;
        public String lastOutcome;
        public int consecutiveNotFound;
        public int consecutiveUnreachable;
        public int captures;
        public long seq;
        public long scheduledDue;
        public double risk;

        public Builder() {
            status = PostStatus.LIVE;
            versions = List.of();
            countries = List.of();
            lastOutcome = "";
            risk = 1.0;
        }

        Builder(PostHistory h) {
            url = h.url; author = h.author; publishedAt = h.publishedAt; firstSeen = h.firstSeen; lastSeen = h.lastSeen;
            lastPresent = h.lastPresent; status = h.status; versions = h.versions; removal = h.removal;
            countries = h.countries; lastOutcome = h.lastOutcome; consecutiveNotFound = h.consecutiveNotFound;
            consecutiveUnreachable = h.consecutiveUnreachable; captures = h.captures; seq = h.seq;
            scheduledDue = h.scheduledDue; risk = h.risk;
        }

        public PostHistory build() {
            return new PostHistory(url, author, publishedAt, firstSeen, lastSeen, lastPresent, status, versions, removal,
                    countries, lastOutcome, consecutiveNotFound, consecutiveUnreachable, captures, seq, scheduledDue, risk);
        }
    }

    /**
     * True when {@code next} differs from this history only in what a plain "seen again" changes: the last sighting
     * ({@code lastSeen}, {@code lastPresent}, the latest version's {@code lastSeen}), the capture count and the due
     * time. Such an update may be left unwritten (see {@code history.sightingResolution}).
     */
    public boolean onlySightingsDiffer(PostHistory next) {
        if (versions.size() != next.versions.size() || versions.isEmpty()) return false;
        for (int i = 0; i < versions.size(); i++) {
            Version a = versions.get(i);
            Version b = next.versions.get(i);
            if (!a.hash().equals(b.hash()) || !a.text().equals(b.text()) || a.firstSeen() != b.firstSeen()) return false;
            if (i < versions.size() - 1 && a.lastSeen() != b.lastSeen()) return false;
        }
        return url.equals(next.url) && Objects.equals(author, next.author) && publishedAt == next.publishedAt
                && firstSeen == next.firstSeen && status == next.status && Objects.equals(removal, next.removal)
                && countries.equals(next.countries) && lastOutcome.equals(next.lastOutcome)
                && consecutiveNotFound == next.consecutiveNotFound && consecutiveUnreachable == next.consecutiveUnreachable
                && seq == next.seq && Double.compare(risk, next.risk) == 0;
    }

    public PostHistory withScheduledDue(long due) {
        Builder b = toBuilder();
        b.scheduledDue = due;
        return b.build();
    }
}
