package org.afterimage.detector.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.afterimage.detector.DetectorConfig;

/**
 * The starting prior: check offsets after publication (1, 2, 5 ... 60 min, hourly to a day, daily to a week, weekly to
 * the horizon). Used as is before any removal was observed, and as the prior shape of the hazard afterwards.
 */
public final class Ladder {
    private final long[] rungs;

    public Ladder(DetectorConfig.Schedule s, Duration horizon) {
        List<Long> out = new ArrayList<>();
        long at = 0;
        for (Duration d : s.ladderPoints()) {
            at = d.toMillis();
            out.add(at);
        }
        for (DetectorConfig.Step step : s.ladderSteps()) {
            long until = Math.min(step.until().toMillis(), horizon.toMillis());
            for (long t = at + step.every().toMillis(); t <= until; t += step.every().toMillis()) out.add(t);
            at = Math.max(at, until);
        }
        if (out.isEmpty()) out.add(Math.min(Duration.ofHours(1).toMillis(), horizon.toMillis()));
        rungs = out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The first rung strictly after {@code ageMs}, or -1 when past the last rung. */
    public long nextAfter(long ageMs) {
        int lo = 0;
        int hi = rungs.length - 1;
        if (ageMs >= rungs[hi]) return -1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (rungs[mid] > ageMs) hi = mid;
            else lo = mid + 1;
        }
        return rungs[lo];
    }

    /** The gap between the rungs around {@code ageMs}: the ladder's implied check interval at that age. */
    public long gapAt(long ageMs) {
        long next = nextAfter(ageMs);
        if (next < 0) return rungs.length > 1 ? rungs[rungs.length - 1] - rungs[rungs.length - 2] : rungs[0];
        int i = java.util.Arrays.binarySearch(rungs, next);
        long prev = i > 0 ? rungs[i - 1] : 0;
        return Math.max(1, next - prev);
    }

    public int size() {
        return rungs.length;
    }
}
