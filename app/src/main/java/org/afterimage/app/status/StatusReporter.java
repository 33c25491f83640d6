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
 * Samples the {@link StatusProbe} every few seconds on one daemon thread, keeps the latest reading for
 * {@code GET /status} (so a busy caller costs nothing but a map lookup), and, when asked, prints the status line.
 */
public final class StatusReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

    private final StatusProbe probe;
    private final ScheduledExecutorService timer;
    private final AtomicReference<Status> latest = new AtomicReference<>();
    private final long startedNanos = System.nanoTime();
    private volatile Status first;
    private volatile PrintStream printTo;

    private StatusReporter(StatusProbe probe) {
        this.probe = probe;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "afterimage-status");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts sampling every {@code every}; prints nothing until {@link #printTo} is called. */
    public static StatusReporter start(StatusProbe probe, Duration every) {
        StatusReporter r = new StatusReporter(probe);
        r.timer.scheduleWithFixedDelay(() -> {
            try {
                Status s = probe.read();
                if (r.first == null) r.first = s;
                r.latest.set(s);
                PrintStream o = r.printTo;
                if (o != null) o.println("[afterimage] " + s.line());
            } catch (RuntimeException e) {
                log.debug("status reading failed: {}", e.toString());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return r;
    }

    /** Prints the status line to {@code out} at every reading from now on ({@code afterimage run} and {@code demo}). */
    public void printTo(PrintStream out) {
        this.printTo = out;
    }

    /** The latest reading, or a fresh one when none was taken yet. */
    public Status latest() {
        Status s = latest.get();
        return s != null ? s : probe.read();
    }

    /** What the run did, for the clean summary on Ctrl-C: a last reading against the first one. */
    public String summary() {
        Status last = probe.read();
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
