package org.afterimage.detector.topology;

/**
 * Every processor, store and sink name of the detector topology. Renaming one breaks upgrades (stores and their
 * changelog topics are found by name): add, never rename.
 */
public final class Names {
    public static final String SOURCE = "captures-source";
    public static final String DECODE = "decode-captures";
    public static final String DECODED_SPLIT = "decoded-";
    public static final String POISON_BRANCH = "poison";
    public static final String OK_BRANCH = "ok";
    public static final String POISON_TO_LETTER = "poison-to-dead-letter";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    public static final String UNWRAP = "unwrap-capture";
    public static final String DETECT = "detect";
    public static final String OUT_SPLIT = "detected-";
    public static final String EVENTS_BRANCH = "events";
    public static final String POSTS_BRANCH = "posts";
    public static final String REQUESTS_BRANCH = "requests";
    public static final String LETTERS_BRANCH = "letters";
    public static final String TO_EVENT = "to-event";
    public static final String TO_POST = "to-post";
    public static final String TO_REQUEST = "to-request";
    public static final String TO_LETTER = "to-dead-letter";
    public static final String EVENTS_SINK = "events-sink";
    public static final String POSTS_SINK = "posts-sink";
    public static final String REQUESTS_SINK = "recrawl-requests-sink";
    public static final String DETECT_DEAD_LETTERS_SINK = "detect-dead-letters-sink";

    /** Per post: history (versions, status, removal, next due). */
    public static final String HISTORY_STORE = "post-history";
    /** (platform, due time, post key) -> purpose, attempt. */
    public static final String SCHEDULE_STORE = "recrawl-schedule";
    /** Per platform: rate scale and learned hazard. */
    public static final String SCHEDULE_STATS_STORE = "schedule-stats";
    /** Per author: removal counts. */
    public static final String AUTHOR_STORE = "author-removals";
    /** SimHash band bucket -> recently removed texts. */
    public static final String NEAR_DUP_STORE = "near-duplicate-removals";

    private Names() {
    }
}
