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
 *
 * <p>{@code fixed} with a known population ({@link #population}) does not use the controller: every live post gets
 * the same gap, the number of live posts over the budget they may spend. The controller's scale swings by several
 * times within one polling period as the due work comes in bursts, and a gap that changes while posts wait makes
 * polling irregular (measured in the steady-state simulation: gaps from 1 min to 26 h at the 10th and 90th
 * percentiles for a mean of 2.5 h), which is not the "same interval for every post" baseline the adaptive schedule
 * is compared against. A share of the budget ({@link #FIXED_SHARE}) is planned, the rest (retries, confirmations)
 * is left to the tick, whose spare tokens pull the earliest checks forward, so polling stays in round-robin order.
 */
public final class PlatformSchedule {
    /** Time constant of the rate-scale controller. */
    static final double ADAPT_SECONDS = 3600;
    /** The share of the budget {@code fixed} plans for live posts (restoration checks are taken out first). */
    static final double FIXED_SHARE = 0.9;

    private final Strategy strategy;
    private final double budget;
    private final Hazard hazard;
    private final double initialScale;
    private final double minIntervalS;
    private final double maxIntervalS;
    private final double restorationIntervalS;
    private long live = -1;
    private long removed;
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
        this.restorationIntervalS = Math.max(1, cfg.restorationInterval().toMillis() / 1000.0);
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
     * The posts this schedule tracks: {@code live} not removed (checked for removal), {@code removed} (checked for a
     * restoration once per restoration interval). Used by {@code fixed} to give every live post the same gap.
     */
    public void population(long live, long removed) {
        this.live = Math.max(0, live);
        this.removed = Math.max(0, removed);
    }

    /** The {@code fixed} gap in seconds: live posts over the budget left after restoration checks. */
    double fixedGapSeconds() {
        if (live < 0) return 1.0 / scale;   // population unknown: the controller's interval
        double spend = Math.max(0.1 * budget, FIXED_SHARE * budget - removed / restorationIntervalS);
        return Math.max(1, live) / spend;
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
            gapS = fixedGapSeconds();
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
