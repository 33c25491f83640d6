package org.afterimage.app.status;

import java.time.Instant;

/**
 * One reading of a running instance. Counts come from the engines (topic offsets, consumer-group lag, index counts),
 * not from one process's memory, so the same numbers answer for {@code afterimage run} and for a cluster of
 * single-component processes. A value of {@code -1} means "could not be read right now" (an engine is down).
 *
 * @param sources         watched sources in this process's crawler config
 * @param postsTracked    posts in the archive's current-state index
 * @param capturesPerMin  captures produced to Kafka per minute, by every crawler, over the last interval
 * @param captures        captures produced since the captures topic began
 * @param due             recrawl requests emitted by the detector and not yet fetched (the crawler group's lag)
 * @param removals        removal events found
 * @param alterations     alteration events found
 * @param indexerLag      records on Kafka not yet indexed into Elasticsearch
 * @param api             the HTTP address of this instance
 */
public record Status(Instant at, int sources, long postsTracked, long capturesPerMin, long captures, long due,
                     long removals, long alterations, long indexerLag, String api) {

    /** The one-line form printed every few seconds. */
    public String line() {
        return "sources " + sources + " · posts " + n(postsTracked) + " · fetches/min " + n(capturesPerMin)
                + " · due " + n(due) + " · removals " + n(removals) + " · alterations " + n(alterations)
                + " · indexer lag " + n(indexerLag) + " · " + api;
    }

    private static String n(long v) {
        return v < 0 ? "?" : Long.toString(v);
    }
}
