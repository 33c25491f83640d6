package org.afterimage.detector.classify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.detector.history.PostHistory;
import org.afterimage.detector.score.Scorer;
import org.afterimage.model.Capture;
import org.afterimage.model.ContentHash;
import org.afterimage.model.Evidence;
import org.afterimage.model.EvidenceItem;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.PostRecord;
import org.afterimage.model.PostStatus;
import org.afterimage.model.PostVersion;
import org.afterimage.model.RemovalEvent;
import org.afterimage.model.AlterationEvent;
import org.afterimage.model.RestorationEvent;
import org.afterimage.model.Removal;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.WordDiff;

/**
 * Classifies one capture against a post's history (DESIGN §4–5). Pure: no stores, no clock; the capture's
 * {@code fetchedAt} is "now", so a replay gives the same events with the same ids.
 *
 * <ul>
 *   <li>{@code Present}, same hash: seen again. Different hash: an {@link AlterationEvent} with a word diff.</li>
 *   <li>{@code Present} after a removal: a {@link RestorationEvent}.</li>
 *   <li>{@code Gone} with a definite reason: a {@link RemovalEvent} at once. {@code NOT_FOUND}: a quick confirming
 *       re-fetch first; only a second NOT_FOUND in a row is a removal.</li>
 *   <li>{@code Unreachable}: never an event; retry with backoff.</li>
 * </ul>
 */
public final class Classifier {
    /** Facts about the author and the text that live in other stores. */
    public interface Context {
        int authorCensored(PostKey key, String author);

        boolean authorSuspended(PostKey key, String author);

        int nearDuplicateAccounts(PostKey key, String author, String text, long nowMs);
    }

    /** What to do next with the post's schedule. */
    public enum NextKind { SCHEDULED, CONFIRM, RETRY, RESTORE }

    /**
     * @param attempt    retry attempt (1 = first retry)
     * @param notBeforeMs earliest due time asked by the fetch (Retry-After), or 0
     */
    public record Next(NextKind kind, int attempt, long notBeforeMs) {
    }

    /**
     * The outcome of one capture.
     *
     * @param post    the post record to publish, if anything changed
     * @param exposed ages (s) over which the post was seen to survive, {@code null} if none
     * @param removedBetween ages (s) between which it was removed, {@code null} if not removed now
     */
    public record Decision(PostHistory history, List<PostEvent> events, PostRecord post, Next next,
                           double[] exposed, double[] removedBetween) {
    }

    private final DetectorConfig cfg;
    private final Scorer scorer;

    public Classifier(DetectorConfig cfg, Scorer scorer) {
        this.cfg = cfg;
        this.scorer = scorer;
    }

    public Decision classify(PostHistory prev, Capture c, Context ctx) {
        long now = c.fetchedAt().toEpochMilli();
        PostKey key = c.key();
        PostHistory.Builder b;
        if (prev == null) {
            b = new PostHistory.Builder();
            b.url = c.url();
            b.firstSeen = now;
            b.lastSeen = now;
            b.risk = risk(c.text()) + 0.25 * Math.min(4, ctx.authorCensored(key, c.author()));
        } else {
            b = prev.toBuilder();
        }
        if (b.author == null && c.author() != null) b.author = c.author();
        if (b.publishedAt == 0 && c.publishedAt() != null) b.publishedAt = c.publishedAt().toEpochMilli();
        if (!c.countries().isEmpty()) b.countries = c.countries();
        b.url = c.url();
        b.captures = b.captures + 1;
        b.lastSeen = Math.max(b.lastSeen, now);
        b.firstSeen = Math.min(b.firstSeen, now);
        b.lastOutcome = c.outcome().kind();
        long seq0 = b.seq;
        List<PostEvent> events = new ArrayList<>();
        double[] exposed = null;
        double[] removed = null;
        Next next;
        switch (c.outcome()) {
            case FetchOutcome.Present p -> {
                // the capture's hash is ContentHash.of its text: a text with the latest version's hash is that
                // version's text, so a plain "seen again" (most captures) skips normalising (a fifth of the CPU)
                String hash = c.contentHash();
                String text = null;
                if (hash == null) {
                    text = normalisedText(c);
                    hash = ContentHash.of(text);
                }
                if (prev != null && b.lastPresent > 0 && now > b.lastPresent) {
                    exposed = new double[] {age(b, b.lastPresent), age(b, now)};
                }
                b.consecutiveNotFound = 0;
                b.consecutiveUnreachable = 0;
                b.lastPresent = Math.max(b.lastPresent, now);
                PostHistory.Version latest = b.versions.isEmpty() ? null : b.versions.get(b.versions.size() - 1);
                if (text == null && (b.status == PostStatus.REMOVED || latest == null || !latest.hash().equals(hash))) {
                    text = normalisedText(c);
                }
                if (b.status == PostStatus.REMOVED) {
                    Removal r = b.removal;
                    Removal again = rescoreRestored(key, b, r, ctx);
                    b.removal = again;
                    b.status = PostStatus.RESTORED;
                    b.seq++;
                    events.add(new RestorationEvent(PostEvent.idFor(key, b.seq), key, b.seq, c.fetchedAt(), b.url,
                            b.author, r.reason(), r.removedAt(), text));
                }
                if (latest == null) {
                    b.versions = List.of(new PostHistory.Version(hash, text, now, now));
                    if (b.seq == 0) b.seq = 1;   // first sight: publish the post, no event
                } else if (latest.hash().equals(hash)) {
                    List<PostHistory.Version> vs = new ArrayList<>(b.versions);
                    vs.set(vs.size() - 1, new PostHistory.Version(latest.hash(), latest.text(), latest.firstSeen(),
                            Math.max(latest.lastSeen(), now)));
                    b.versions = vs;
                } else {
                    b.versions = PostHistory.append(b.versions, new PostHistory.Version(hash, text, now, now),
                            cfg.history().maxVersions());
                    b.status = PostStatus.ALTERED;
                    b.seq++;
                    events.add(new AlterationEvent(PostEvent.idFor(key, b.seq), key, b.seq, c.fetchedAt(), b.url,
                            b.author, instant(b.publishedAt), latest.hash(), hash, latest.text(), text,
                            WordDiff.diff(latest.text(), text)));
                }
                next = new Next(NextKind.SCHEDULED, 1, 0);
            }
            case FetchOutcome.Gone g -> {
                b.consecutiveUnreachable = 0;
                if (b.status == PostStatus.REMOVED) {
                    next = new Next(NextKind.RESTORE, 1, 0);   // still gone: keep watching for a restoration
                } else if (!g.reason().isDefinite() && b.consecutiveNotFound == 0) {
                    b.consecutiveNotFound = 1;
                    next = new Next(NextKind.CONFIRM, 1, 0);   // a lone 404 proves nothing yet
                } else {
                    b.consecutiveNotFound = g.reason().isDefinite() ? 0 : b.consecutiveNotFound + 1;
                    long lastAlive = b.lastPresent > 0 ? b.lastPresent : (prev == null ? now : b.firstSeen);
                    removed = new double[] {age(b, lastAlive), age(b, now)};
                    String text = latestText(b, c);
                    Duration since = b.publishedAt > 0 ? Duration.ofMillis(Math.max(0, now - b.publishedAt)) : null;
                    Scorer.Score s = scorer.score(new Scorer.Facts(g.reason(), since, text,
                            ctx.authorCensored(key, b.author), ctx.authorSuspended(key, b.author),
                            ctx.nearDuplicateAccounts(key, b.author, text, now), false));
                    b.removal = new Removal(g.reason(), c.fetchedAt(), s.probability(), g.evidence(), s.items());
                    b.status = PostStatus.REMOVED;
                    b.seq++;
                    events.add(new RemovalEvent(PostEvent.idFor(key, b.seq), key, b.seq, c.fetchedAt(), b.url, b.author,
                            instant(b.publishedAt), instant(b.lastPresent), g.reason(), g.evidence(), s.probability(),
                            s.items(), text, b.countries));
                    next = new Next(NextKind.RESTORE, 1, 0);
                }
            }
            case FetchOutcome.Unreachable u -> {
                // never evidence of anything: keep the pending confirmation (if any) and back off
                b.consecutiveUnreachable = b.consecutiveUnreachable + 1;
                long notBefore = u.retryAfter() == null ? 0 : now + u.retryAfter().toMillis();
                next = new Next(NextKind.RETRY, b.consecutiveUnreachable, notBefore);
            }
        }
        PostHistory h = b.build();
        PostRecord post = h.seq() != seq0 ? record(key, h, c.fetchedAt()) : null;
        return new Decision(h, List.copyOf(events), post, next, exposed, removed);
    }

    private Removal rescoreRestored(PostKey key, PostHistory.Builder b, Removal r, Classifier.Context ctx) {
        List<EvidenceItem> items = new ArrayList<>(r.items());
        items.removeIf(i -> i.factor().equals("restored"));
        items.add(new EvidenceItem("restored", "the post was visible again later (temporary block)", cfg.score().restored()));
        double logit = 0;
        for (EvidenceItem i : items) logit += i.weight();
        double p = Math.max(0, Math.min(1, Math.round(10_000.0 / (1.0 + Math.exp(-logit))) / 10_000.0));
        return new Removal(r.reason(), r.removedAt(), p, r.evidence(), items);
    }

    /** A multiplier (>= 1) on the post's check rate: sensitive terms in its text (the author's record is added above). */
    private double risk(String text) {
        int hits = scorer.lexicon().hits(text, 4).size();
        return 1.0 + 0.5 * hits;
    }

    private String normalisedText(Capture c) {
        return truncate(ContentHash.normalise(c.text() == null ? "" : c.text()));
    }

    private String truncate(String s) {
        int max = cfg.history().maxTextChars();
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String latestText(PostHistory.Builder b, Capture c) {
        if (!b.versions.isEmpty()) return b.versions.get(b.versions.size() - 1).text();
        return c.text() == null ? "" : ContentHash.normalise(c.text());
    }

    private static double age(PostHistory.Builder b, long t) {
        long origin = b.publishedAt > 0 ? b.publishedAt : b.firstSeen;
        return Math.max(0, (t - origin) / 1000.0);
    }

    private static Instant instant(long ms) {
        return ms > 0 ? Instant.ofEpochMilli(ms) : null;
    }

    /** The published form of a history. */
    public static PostRecord record(PostKey key, PostHistory h, Instant updatedAt) {
        List<PostVersion> versions = new ArrayList<>(h.versions().size());
        for (PostHistory.Version v : h.versions()) {
            versions.add(new PostVersion(v.hash(), v.text(), Instant.ofEpochMilli(v.firstSeen()),
                    Instant.ofEpochMilli(Math.max(v.firstSeen(), v.lastSeen()))));
        }
        return new PostRecord(key, h.seq(), h.url(), h.author(), instant(h.publishedAt()),
                Instant.ofEpochMilli(h.firstSeen()), Instant.ofEpochMilli(Math.max(h.firstSeen(), h.lastSeen())),
                updatedAt, h.status(), versions, h.removal(), h.countries(), h.captures());
    }
}
