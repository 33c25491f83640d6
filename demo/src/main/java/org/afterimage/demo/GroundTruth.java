package org.afterimage.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;

/**
 * What the replay platform did, as of {@code asOf}: every scripted removal, edit and transient failure with its
 * (wall-clock) time, whether it has happened yet, and counters of what was served. The test oracle of the demo.
 *
 * @param published            posts published so far
 * @param transientResponses   429 / 500 / timeout answers served so far
 * @param robotsDisallowedHits requests for paths robots.txt disallows (a polite crawler makes none)
 */
public record GroundTruth(Instant asOf, double speed, int published, List<Removal> removals, List<Edit> edits,
                          List<Transient> transients, List<PostKey> untouched, long requests, long transientResponses,
                          long robotsDisallowedHits) {
    public GroundTruth {
        removals = List.copyOf(removals);
        edits = List.copyOf(edits);
        transients = List.copyOf(transients);
        untouched = List.copyOf(untouched);
    }

    /**
     * A scripted removal. {@code reason} is what the platform's own signal says (Telegram and Mastodon only say "not
     * found"); {@code message} is the real WeChat record's message the removal was scripted from. {@code seen}: the
     * platform was asked about the post and answered (its page, or a listing while it was visible), so a crawler could
     * know it existed; a post removed before it appeared in any answer cannot be detected by anyone.
     */
    public record Removal(PostKey key, RemovalReason reason, String message, Instant publishedAt, Instant removedAt, boolean done,
                          boolean seen) {
    }

    /** A scripted edit: the whole text before and after; {@code seen}: the text before was served. */
    public record Edit(PostKey key, String before, String after, Instant editedAt, boolean done, boolean seen) {
    }

    /** A post whose own URL fails transiently between {@code from} and {@code until}, and is never removed. */
    public record Transient(PostKey key, String kind, Instant from, Instant until) {
    }

    public List<Removal> removalsDone() {
        return removals.stream().filter(Removal::done).toList();
    }

    public List<Edit> editsDone() {
        return edits.stream().filter(Edit::done).toList();
    }

    /** The {@code /_truth} document. */
    public ObjectNode toJson() {
        ObjectNode o = Pages.JSON.createObjectNode();
        o.put("asOf", asOf.toString());
        o.put("speed", speed);
        o.put("published", published);
        o.put("removed", removalsDone().size());
        o.put("edited", editsDone().size());
        o.put("requests", requests);
        o.put("transientResponses", transientResponses);
        o.put("robotsDisallowedHits", robotsDisallowedHits);
        ArrayNode r = o.putArray("removals");
        for (Removal x : removals) {
            r.addObject().put("key", x.key().toString()).put("reason", x.reason().name()).put("message", x.message())
                    .put("publishedAt", x.publishedAt().toString()).put("removedAt", x.removedAt().toString()).put("done", x.done())
                    .put("seen", x.seen());
        }
        ArrayNode e = o.putArray("edits");
        for (Edit x : edits) {
            e.addObject().put("key", x.key().toString()).put("before", x.before()).put("after", x.after())
                    .put("editedAt", x.editedAt().toString()).put("done", x.done()).put("seen", x.seen());
        }
        ArrayNode t = o.putArray("transients");
        for (Transient x : transients) {
            t.addObject().put("key", x.key().toString()).put("kind", x.kind()).put("from", x.from().toString()).put("until", x.until().toString());
        }
        ArrayNode u = o.putArray("untouched");
        untouched.forEach(k -> u.add(k.toString()));
        return o;
    }
}
