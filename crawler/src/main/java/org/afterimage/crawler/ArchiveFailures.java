package org.afterimage.crawler;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports WARC write failures by state, not by capture: a full disk fails every write, and one ERROR line per
 * capture (hundreds a minute) would bury the one message an operator needs. The first failure is logged with its
 * cause, then a reminder with the count at most once per {@link #REMIND}, and the first success after failures says
 * archiving is back and how many captures went out without their archived bytes (they were still published).
 */
final class ArchiveFailures {
    private static final Logger log = LoggerFactory.getLogger(ArchiveFailures.class);
    static final Duration REMIND = Duration.ofMinutes(1);

    private final InstantSource clock;
    private long failed;
    private Instant since;
    private Instant lastReport;

    ArchiveFailures(InstantSource clock) {
        this.clock = clock;
    }

    synchronized void failed(String url, String cause) {
        Instant now = clock.instant();
        if (failed++ == 0) {
            since = now;
            lastReport = now;
            log.error("WARC write failed for {}: {}. Captures are still published, without archived bytes, until writes succeed again",
                    url, cause);
        } else if (!now.isBefore(lastReport.plus(REMIND))) {
            lastReport = now;
            log.error("WARC writes still failing: {} captures not archived since {} (latest: {})", failed, since, cause);
        }
    }

    synchronized void succeeded() {
        if (failed == 0) return;
        log.warn("WARC writes succeed again: {} captures between {} and now were published without archived bytes", failed, since);
        failed = 0;
    }

    /** Failed writes since the last success. */
    synchronized long failing() {
        return failed;
    }
}
