package org.afterimage.app.status;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@link StatusProbe} for {@code GET /status} (the latest reading is reused for a few seconds, so a busy
 * caller costs nothing but a map lookup) and, in {@code afterimage run}, prints the status line on one daemon thread.
 */
public final class StatusReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

    private final StatusProbe probe;
    private final Duration every;
    private final ScheduledExecutorService timer;
    private final AtomicReference<Status> latest = new AtomicReference<>();
    private final long startedNanos = System.nanoTime();
    private volatile Status first;

    private StatusReporter(StatusProbe probe, Duration every) {
        this.probe = probe;
        this.every = every;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "afterimage-status");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A reporter that reads the engines only when asked ({@link #latest}, at most once per {@code every}) or while it
     * prints ({@link #printTo}): a component nobody watches costs the engines nothing.
     */
    public static StatusReporter start(StatusProbe probe, Duration every) {
        return new StatusReporter(probe, every);
    }

    /** Prints the status line to {@code out} every {@code every} from now on ({@code afterimage run} and {@code demo}). */
    public void printTo(PrintStream out) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                out.println("[afterimage] " + sample().line());
            } catch (RuntimeException e) {
                log.debug("status reading failed: {}", e.toString());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The latest reading when it is younger than {@code every}, else a fresh one. */
    public Status latest() {
        Status s = latest.get();
        return s != null && s.at().isAfter(java.time.Instant.now().minus(every)) ? s : sample();
    }

    private synchronized Status sample() {
        Status s = probe.read();
        if (first == null) first = s;
        latest.set(s);
        return s;
    }

    /** What the run did, for the clean summary on Ctrl-C: a last reading against the first one. */
    public String summary() {
        Status last = sample();
        Status from = first == null ? last : first;
        long seconds = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        return "ran " + Duration.ofSeconds(seconds).toString().substring(2).toLowerCase()
                + ": " + delta(last.captures(), from.captures()) + " captures, "
                + delta(last.removals(), from.removals()) + " removals, "
                + delta(last.alterations(), from.alterations()) + " alterations found this run; archive now holds "
                + count(last.postsTracked()) + " posts, " + count(last.removals()) + " removals, "
                + count(last.alterations()) + " alterations";
    }

    private static String delta(long now, long then) {
        return now < 0 || then < 0 ? "?" : Long.toString(Math.max(0, now - then));
    }

    private static String count(long v) {
        return v < 0 ? "?" : Long.toString(v);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    @Override
    public String toString() {
        return "status reporter";
    }
}
