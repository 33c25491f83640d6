package org.afterimage.model.json;

import org.afterimage.model.Capture;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostRecord;
import org.afterimage.model.RecrawlRequest;
import org.afterimage.model.Redaction;

/** One codec per topic value type. Limits are generous for real posts and small for hostile input. */
public final class Codecs {
    public static final Codec<Capture> CAPTURE = new Codec<>(Capture.class, 1 << 20);
    public static final Codec<RecrawlRequest> RECRAWL_REQUEST = new Codec<>(RecrawlRequest.class, 16 << 10);
    /** A post record carries every version's text, so it gets more room than a capture. */
    public static final Codec<PostRecord> POST = new Codec<>(PostRecord.class, 4 << 20);
    public static final Codec<PostEvent> EVENT = new Codec<>(PostEvent.class, 2 << 20);
    public static final Codec<DeadLetter> DEAD_LETTER = new Codec<>(DeadLetter.class, 4 << 20);
    /** Redactions (search-api privacy); a post with many archived captures lists each WARC record. */
    public static final Codec<Redaction> REDACTION = new Codec<>(Redaction.class, 1 << 20);

    private Codecs() {
    }
}
