package org.afterimage.detector.topology;

/**
 * Every processor, store and sink name of the detector topology. Never rename a store: stores and their changelog
 * topics are found by name, so a renamed store starts empty after an upgrade.
 */
public final class Names {
    public static final String SOURCE = "captures-source";
    public static final String DETECT = "detect";
    /** The one sink: each record goes to the topic of its type (events, posts, recrawl requests, dead letters). */
    public static final String OUTPUTS_SINK = "outputs-sink";

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
