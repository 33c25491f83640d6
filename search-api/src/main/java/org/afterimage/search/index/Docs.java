package org.afterimage.search.index;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.afterimage.model.AlterationEvent;
import org.afterimage.model.Capture;
import org.afterimage.model.Evidence;
import org.afterimage.model.EvidenceItem;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostRecord;
import org.afterimage.model.PostStatus;
import org.afterimage.model.PostVersion;
import org.afterimage.model.RemovalEvent;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.RestorationEvent;
import org.afterimage.model.json.Codecs;

/**
 * Turns topic records into Elasticsearch documents (fields of {@code posts-v1.json} / {@code events-v1.json}).
 * The full record is kept unindexed under {@code record} / {@code event}, so a post's history is served from
 * one document read.
 */
public final class Docs {
    private Docs() {
    }

    public static ObjectNode post(PostRecord r) {
        return post(r, Codecs.POST.encode(r));
    }

    /**
     * The document of {@code r}, whose encoded JSON is {@code encoded} (the indexer passes the Kafka value it just
     * decoded, so the record is neither encoded again nor parsed into a tree: it is embedded as raw JSON).
     */
    public static ObjectNode post(PostRecord r, byte[] encoded) {
        ObjectNode d = DocJson.MAPPER.createObjectNode();
        d.put("key", r.key().toString());
        d.put("platform", r.key().platform().id());
        d.put("postId", r.key().postId());
        d.put("url", r.url());
        if (r.author() != null) d.put("author", r.author());
        List<PostVersion> versions = r.versions();
        if (!versions.isEmpty()) {
            d.put("text", versions.get(versions.size() - 1).text());
            if (versions.size() > 1) {
                ArrayNode prev = d.putArray("previousTexts");
                for (int i = 0; i < versions.size() - 1; i++) prev.add(versions.get(i).text());
            }
        }
        d.put("status", r.status().id());
        time(d, "publishedAt", r.publishedAt());
        time(d, "firstSeen", r.firstSeen());
        time(d, "lastSeen", r.lastSeen());
        time(d, "updatedAt", r.updatedAt());
        r.removalIfAny().ifPresent(rm -> {
            d.put("reason", rm.reason().name());
            d.put("probability", rm.probability());
            time(d, "removedAt", rm.removedAt());
            Long ttr = secondsBetween(r.publishedAt(), rm.removedAt());
            if (ttr != null) d.put("timeToRemovalSeconds", ttr);
            if (!rm.evidence().signal().isEmpty()) d.put("evidenceSignal", rm.evidence().signal());
            d.put("evidenceSummary", summary(rm.reason(), rm.evidence(), rm.items()));
        });
        d.put("hidden", r.status() == PostStatus.REMOVED && r.removal() != null
                && r.removal().reason() == RemovalReason.DELETED_BY_AUTHOR);
        ArrayNode c = d.putArray("countries");
        r.countries().forEach(c::add);
        d.put("versionsCount", versions.size());
        d.put("captures", r.captures());
        d.put("seq", r.seq());
        d.putRawValue("record", new RawValue(new String(encoded, StandardCharsets.UTF_8)));
        return d;
    }

    public static ObjectNode event(PostEvent e) {
        return event(e, Codecs.EVENT.encode(e));
    }

    /** The document of {@code e}, embedding its encoded JSON as is (see {@link #post(PostRecord, byte[])}). */
    public static ObjectNode event(PostEvent e, byte[] encoded) {
        ObjectNode d = DocJson.MAPPER.createObjectNode();
        d.put("eventId", e.eventId());
        d.put("key", e.key().toString());
        d.put("platform", e.key().platform().id());
        d.put("postId", e.key().postId());
        d.put("type", e.type());
        d.put("seq", e.seq());
        time(d, "detectedAt", e.detectedAt());
        boolean hidden = false;
        switch (e) {
            case RemovalEvent r -> {
                d.put("url", r.url());
                if (r.author() != null) d.put("author", r.author());
                if (r.text() != null) d.put("text", r.text());
                d.put("reason", r.reason().name());
                d.put("probability", r.probability());
                time(d, "publishedAt", r.publishedAt());
                Long ttr = secondsBetween(r.publishedAt(), r.detectedAt());
                if (ttr != null) d.put("timeToRemovalSeconds", ttr);
                ArrayNode c = d.putArray("countries");
                r.countries().forEach(c::add);
                if (!r.evidence().signal().isEmpty()) d.put("evidenceSignal", r.evidence().signal());
                d.put("evidenceSummary", summary(r.reason(), r.evidence(), r.items()));
                hidden = r.reason() == RemovalReason.DELETED_BY_AUTHOR;
            }
            case AlterationEvent a -> {
                d.put("url", a.url());
                if (a.author() != null) d.put("author", a.author());
                d.put("text", a.text());
                time(d, "publishedAt", a.publishedAt());
            }
            case RestorationEvent s -> {
                d.put("url", s.url());
                if (s.author() != null) d.put("author", s.author());
                if (s.text() != null) d.put("text", s.text());
                d.put("reason", s.previousReason().name());
                hidden = s.previousReason() == RemovalReason.DELETED_BY_AUTHOR;
            }
        }
        d.put("hidden", hidden);
        d.putRawValue("event", new RawValue(new String(encoded, StandardCharsets.UTF_8)));
        return d;
    }

    /** The id of a capture's document: post key and fetch time (a redelivery maps to the same document). */
    public static String captureId(Capture c) {
        return c.key() + "@" + c.fetchedAt().toEpochMilli() + "@" + c.vantage();
    }

    public static ObjectNode capture(Capture c) {
        ObjectNode d = DocJson.MAPPER.createObjectNode();
        d.put("key", c.key().toString());
        d.put("platform", c.key().platform().id());
        d.put("postId", c.key().postId());
        time(d, "fetchedAt", c.fetchedAt());
        d.put("outcome", c.outcome().kind());
        if (c.outcome() instanceof org.afterimage.model.FetchOutcome.Gone g) {
            d.put("reason", g.reason().name());
            if (g.evidence().httpStatus() > 0) d.put("httpStatus", g.evidence().httpStatus());
        }
        if (c.contentHash() != null) d.put("contentHash", c.contentHash());
        d.put("vantage", c.vantage());
        c.warcIfArchived().ifPresent(w -> {
            d.put("warcFile", w.file());
            d.put("warcOffset", w.offset());
            d.put("warcRecordId", w.recordId());
        });
        return d;
    }

    /** One line a researcher can read in a result list: reason, platform signal and message, weighted factors. */
    static String summary(RemovalReason reason, Evidence ev, List<EvidenceItem> items) {
        StringBuilder sb = new StringBuilder(reason.name());
        if (!ev.signal().isEmpty()) sb.append(" [").append(ev.signal()).append(']');
        if (ev.httpStatus() > 0) sb.append(" HTTP ").append(ev.httpStatus());
        if (!ev.message().isEmpty()) sb.append(": ").append(ev.message().length() > 300 ? ev.message().substring(0, 300) + "…" : ev.message());
        for (EvidenceItem it : items) {
            sb.append("; ").append(it.factor()).append(String.format(java.util.Locale.ROOT, " %+.2f", it.weight()));
            if (!it.detail().isEmpty()) sb.append(" (").append(it.detail()).append(')');
        }
        return sb.toString();
    }

    static Long secondsBetween(Instant from, Instant to) {
        if (from == null || to == null) return null;
        return Math.max(0, Duration.between(from, to).getSeconds());
    }

    private static void time(ObjectNode d, String f, Instant t) {
        if (t != null) d.put(f, t.toString());
    }

}
