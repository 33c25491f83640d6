package org.afterimage.detector.schedule;

import org.afterimage.detector.DetectorConfig;
import org.afterimage.detector.DetectorConfig.Strategy;

/**
 * One platform's schedule state in one stream task: the request budget (a token bucket), the rate scale that makes
 * the schedule spend that budget, and the learned hazard. Mutable, single-threaded.
 *
 * <p>How the budget is spent: every live post's next check is placed by a check density, {@code scale} (fixed) or
 * {@code scale·√λ(age)·risk} (adaptive). Each tick compares the work that fell due with the tokens the budget gave:
 * spare tokens raise {@code scale}, a backlog lowers it (time constant {@link #ADAPT_SECONDS}), so the schedule
 * converges to using the whole budget whatever the number of posts.
 */
public final class PlatformSchedule {
    /** Time constant of the rate-scale controller. */
    static final double ADAPT_SECONDS = 3600;

    private final Strategy strategy;
    private final double budget;
    private final Hazard hazard;
    private final double initialScale;
    private final double minIntervalS;
    private final double maxIntervalS;
    private double scale;
    private double tokens;
    private long lastRefill = -1;
    private boolean dirty;

    public PlatformSchedule(DetectorConfig.Schedule cfg, double budget, Hazard hazard, Ladder ladder) {
        this.strategy = cfg.strategy();
        this.budget = budget;
        this.hazard = hazard;
        this.minIntervalS = cfg.minInterval().toMillis() / 1000.0;
        this.maxIntervalS = cfg.maxInterval().toMillis() / 1000.0;
        double firstGap = Math.max(1, ladder.gapAt(0) / 1000.0);
        this.initialScale = strategy == Strategy.FIXED
                ? 1.0 / 3600
                : 1.0 / (firstGap * Math.sqrt(Math.max(hazard.rate(0), 1e-300)));
        this.scale = initialScale;
    }

    public Hazard hazard() {
        return hazard;
    }

    public double scale() {
        return scale;
    }

    public double budget() {
        return budget;
    }

    /**
     * When to check a live post next, in epoch ms.
     *
     * @param originMs publication (or first-seen) time
     * @param nowMs    the current time
     * @param limitMs  the horizon end for this post: never later than this
     * @param risk     >= 1 for posts that deserve more attention (adaptive only)
     */
    public long nextCheck(long originMs, long nowMs, long limitMs, double risk) {
        double ageS = Math.max(0, (nowMs - originMs) / 1000.0);
        double gapS;
        if (strategy == Strategy.FIXED) {
            gapS = 1.0 / scale;
        } else {
            double limitS = Math.max(ageS + minIntervalS, (limitMs - originMs) / 1000.0);
            gapS = hazard.nextCheck(ageS, scale * Math.max(1.0, risk), limitS) - ageS;
        }
        gapS = Math.max(minIntervalS, Math.min(maxIntervalS, gapS));
        return Math.min(limitMs, nowMs + (long) Math.ceil(gapS * 1000));
    }

    /** Adds the tokens earned since the last tick and returns how many requests may go out now. */
    public double refill(long nowMs, double tickSeconds) {
        double cap = Math.max(1.0, budget * tickSeconds * 2);
        if (lastRefill < 0) tokens = Math.min(cap, budget * tickSeconds);
        else if (nowMs > lastRefill) tokens = Math.min(cap, tokens + budget * (nowMs - lastRefill) / 1000.0);
        lastRefill = nowMs;
        return tokens;
    }

    public boolean take() {
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }

    public double tokens() {
        return tokens;
    }

    /**
     * Adjusts the rate scale after a tick: {@code spare} tokens left after all due work, or {@code backlog} due
     * entries left unserved. Both are relative to one tick's budget and clamped to [-1, 1].
     */
    public void adapt(double spare, double backlog, double tickSeconds) {
        double perTick = Math.max(1e-9, budget * tickSeconds);
        double err = backlog > 0 ? -Math.min(1, backlog / perTick) : Math.min(1, spare / perTick);
        if (err == 0) return;
        scale *= Math.exp(err * tickSeconds / ADAPT_SECONDS);
        scale = Math.max(initialScale * 1e-4, Math.min(initialScale * 1e4, scale));
        dirty = true;
    }

    public void markDirty() {
        dirty = true;
    }

    /** True once since the last call if anything worth persisting changed. */
    public boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }

    public Stats stats() {
        return new Stats(scale, hazard.snapshot());
    }

    public void restore(Stats s) {
        if (s == null) return;
        if (Double.isFinite(s.scale()) && s.scale() > 0) scale = s.scale();
        hazard.restore(s.hazard());
    }

    /** What survives a restart (the stats store value). */
    public record Stats(double scale, double[][] hazard) {
    }
}
