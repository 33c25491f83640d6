package org.afterimage.detector.schedule;

import java.util.Arrays;

/**
 * A piecewise-constant estimate of one platform's removal hazard λ(age), on log-spaced age bins: removals observed
 * in a bin divided by the post-time exposed in it, shrunk towards a prior shape taken from the ladder (λ ∝ 1/gap).
 * Mutable, single-threaded (one per stream task).
 */
public final class Hazard {
    /** Bin edges in seconds: 0, 30 s, then ×1.35 per bin; the last bin is open. */
    static final double FIRST_EDGE = 30;
    static final double GROWTH = 1.35;
    public static final int BINS = 48;
    private static final double[] EDGES = new double[BINS + 1];

    static {
        EDGES[0] = 0;
        EDGES[1] = FIRST_EDGE;
        for (int i = 2; i <= BINS; i++) EDGES[i] = EDGES[i - 1] * GROWTH;
    }

    private final double[] priorRate;     // per second
    private final double[] priorExposure; // pseudo post-seconds
    final double[] exposure;
    final double[] events;
    private final boolean frozen;
    private double removals;

    private Hazard(double[] priorRate, double priorWeight, boolean frozen) {
        this.priorRate = priorRate.clone();
        this.priorExposure = new double[BINS];
        // the prior counts as priorWeight posts watched through every age: weak enough that real exposure wins fast
        for (int b = 0; b < BINS; b++) priorExposure[b] = priorWeight * width(b);
        this.exposure = new double[BINS];
        this.events = new double[BINS];
        this.frozen = frozen;
    }

    /** A learning estimate whose prior is the ladder's implied hazard, worth {@code priorWeight} posts of exposure. */
    public static Hazard fromLadder(Ladder ladder, double priorWeight) {
        double[] rate = new double[BINS];
        double cum = 0;
        for (int b = 0; b < BINS; b++) {
            double mid = (EDGES[b] + (b + 1 < EDGES.length ? EDGES[b + 1] : EDGES[b] * GROWTH)) / 2;
            double gap = ladder.gapAt((long) (mid * 1000)) / 1000.0;
            // the ladder checks at rate 1/gap; a hazard ∝ 1/gap (not the 1/gap² the √λ rule would imply) is a
            // deliberately weak prior: it lets later ages keep some checks until data shows where removals are
            rate[b] = 1.0 / gap;
            cum += rate[b] * width(b);
        }
        // scale: the prior believes about one post in five is removed within the tracked ages
        double scale = cum > 0 ? 0.2 / cum : 1;
        for (int b = 0; b < BINS; b++) rate[b] *= scale;
        return new Hazard(rate, Math.max(priorWeight, 1e-9), false);
    }

    /** A fixed, known hazard (the oracle of the simulation): {@code rate[b]} per second in bin b; never learns. */
    public static Hazard known(double[] rate) {
        if (rate.length != BINS) throw new IllegalArgumentException("need " + BINS + " bins");
        return new Hazard(rate, 1, true);
    }

    static double width(int b) {
        return b + 1 < EDGES.length ? EDGES[b + 1] - EDGES[b] : EDGES[b] * (GROWTH - 1);
    }

    public static double edge(int b) {
        return EDGES[b];
    }

    public static int bin(double ageSeconds) {
        if (ageSeconds < FIRST_EDGE) return 0;
        int b = 1 + (int) Math.floor(Math.log(ageSeconds / FIRST_EDGE) / Math.log(GROWTH));
        return Math.min(BINS - 1, Math.max(0, b));
    }

    /** The estimated hazard per second in bin {@code b}. */
    public double rate(int b) {
        if (frozen) return priorRate[b];
        return (events[b] + priorRate[b] * priorExposure[b]) / (exposure[b] + priorExposure[b]);
    }

    /** A post was seen alive from age {@code fromS} to {@code toS} (seconds). */
    public void exposed(double fromS, double toS) {
        if (frozen || !(toS > fromS)) return;
        spread(exposure, fromS, toS, toS - fromS);
    }

    /** A post was removed somewhere between ages {@code fromS} and {@code toS}: one event, spread over the interval. */
    public void removed(double fromS, double toS) {
        removals++;
        if (frozen) return;
        if (!(toS > fromS)) toS = fromS + 1;
        spread(events, fromS, toS, 1.0);
        // the post was alive for part of that interval: count half of it as exposure
        spread(exposure, fromS, toS, (toS - fromS) / 2);
    }

    private static void spread(double[] into, double from, double to, double amount) {
        double len = to - from;
        for (int b = bin(from); b < BINS; b++) {
            double lo = Math.max(from, EDGES[b]);
            double hi = b + 1 < EDGES.length ? Math.min(to, EDGES[b + 1]) : to;
            if (b == BINS - 1) hi = to;
            if (hi > lo) into[b] += amount * (hi - lo) / len;
            if (b + 1 < EDGES.length && EDGES[b + 1] >= to) break;
        }
    }

    public double removalsObserved() {
        return removals;
    }

    /**
     * The age (seconds) after {@code fromS} at which the integral of {@code scale * sqrt(λ)} reaches 1: the next check
     * when checks are placed at a rate proportional to √λ. Returns {@code limitS} if it is not reached before.
     */
    public double nextCheck(double fromS, double scale, double limitS) {
        double need = 1.0;
        double at = fromS;
        for (int b = bin(fromS); b < BINS && at < limitS; b++) {
            double hi = b + 1 < EDGES.length && b < BINS - 1 ? EDGES[b + 1] : Double.MAX_VALUE;
            hi = Math.min(hi, limitS);
            double density = scale * Math.sqrt(rate(b));
            double span = hi - at;
            if (span <= 0) continue;
            double mass = density * span;
            if (mass >= need) return at + need / density;
            need -= mass;
            at = hi;
        }
        return limitS;
    }

    /** Snapshot for the stats store. */
    public double[][] snapshot() {
        return new double[][] {exposure.clone(), events.clone(), {removals}};
    }

    public void restore(double[][] s) {
        if (frozen || s == null || s.length != 3 || s[0].length != BINS || s[1].length != BINS) return;
        System.arraycopy(s[0], 0, exposure, 0, BINS);
        System.arraycopy(s[1], 0, events, 0, BINS);
        removals = s[2].length > 0 ? s[2][0] : 0;
    }

    @Override
    public String toString() {
        return "Hazard" + Arrays.toString(events);
    }
}
