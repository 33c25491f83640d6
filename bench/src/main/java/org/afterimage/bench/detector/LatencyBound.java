package org.afterimage.bench.detector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The limit on "adaptive median latency / fixed" for the simulation's design, without the topology: what the best
 * age-based schedule (checks at a rate proportional to the square root of the TRUE hazard, the oracle) can gain over
 * fixed polling when the budget is a rate (requests/s) shared at each moment by the posts alive at that moment.
 *
 * <p>Model: N posts published uniformly over {@code publishingDays}, watched to a 30-day horizon; half are removed,
 * with the timing of a random row of the CSV drawn as {@code Simulation.truths} draws it (publication uniform within
 * the creation day, before the removal). Every 10 minutes the budget B is split among the live posts: fixed gives
 * each B/N_live; √λ gives post i B·√λ(age_i)/Σ_j √λ(age_j). Checks are periodic, so a removal waits U·(1/r), U
 * uniform in [0,1]. B cancels in the ratio. With {@code publishingDays = 7} (the design) every live post is
 * young during the days removals happen, so there is little to reallocate; with a long publishing window (a steady
 * stream of posts, as in production) old and young posts coexist and √λ gains far more.
 *
 * <p>Run: {@code java -cp benchmarks.jar org.afterimage.bench.detector.LatencyBound FILE.csv [publishingDays=7]
 * [posts=2000] [seed=7]}
 */
public final class LatencyBound {
    private static final double H = 30 * 86_400.0;
    private static final double STEP = 600;

    private LatencyBound() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        double pub = (args.length > 1 ? Double.parseDouble(args[1]) : 7) * 86_400;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        SplittableRandom rnd = new SplittableRandom(args.length > 3 ? Long.parseLong(args[3]) : 7);
        double[] rows = removalOffsets(file);
        // the true hazard in geometric age bins, from a large sample of the same draw
        List<Double> edges = new ArrayList<>(List.of(0.0));
        for (double e = 10; e < H; e *= 1.35) edges.add(e);
        edges.add(H);
        double[] edge = edges.stream().mapToDouble(Double::doubleValue).toArray();
        int nb = edge.length - 1;
        double[] ev = new double[nb];
        double[] ex = new double[nb];
        for (int i = 0; i < 200_000; i++) {
            double a = draw(rows, rnd);
            double end = a > 0 && a < H ? a : H;
            if (a > 0 && a < H) ev[bin(edge, a)]++;
            for (int b = 0; b < nb && edge[b] < end; b++) ex[b] += Math.min(edge[b + 1], end) - edge[b];
        }
        double[] sq = new double[nb];
        for (int b = 0; b < nb; b++) sq[b] = Math.sqrt((ev[b] + 1e-3) / ex[b]);
        double[] published = new double[n];
        double[] removedAge = new double[n];
        List<double[]> removals = new ArrayList<>();   // {absolute time, post}
        for (int i = 0; i < n; i++) {
            published[i] = rnd.nextDouble() * pub;
            removedAge[i] = draw(rows, rnd);
            if (removedAge[i] > 0 && removedAge[i] < H) removals.add(new double[] {published[i] + removedAge[i], i});
        }
        removals.sort((x, y) -> Double.compare(x[0], y[0]));
        double[] fixed = new double[removals.size()];
        double[] sqrt = new double[removals.size()];
        int k = 0;
        int m = 0;
        for (double t = 0; k < removals.size(); t += STEP) {
            int live = 0;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double age = t - published[i];
                if (age < 0 || age >= H || (removedAge[i] > 0 && age >= removedAge[i])) continue;
                live++;
                sum += sq[bin(edge, age)];
            }
            while (k < removals.size() && removals.get(k)[0] < t + STEP) {
                int i = (int) removals.get(k)[1];
                double u = rnd.nextDouble();
                if (live > 0) {
                    fixed[m] = u * live;
                    sqrt[m] = u * sum / sq[bin(edge, removals.get(k)[0] - published[i])];
                    m++;
                }
                k++;
            }
        }
        fixed = Arrays.copyOf(fixed, m);
        sqrt = Arrays.copyOf(sqrt, m);
        Arrays.sort(fixed);
        Arrays.sort(sqrt);
        System.out.printf("%s, publishing %.0f d, %d posts, %d removals within the horizon: sqrt-lambda/fixed median %.2f,"
                        + " p90 %.2f, mean %.2f%n", file.getFileName(), pub / 86_400, n, m, sqrt[m / 2] / fixed[m / 2],
                sqrt[(int) (0.9 * m)] / fixed[(int) (0.9 * m)], Arrays.stream(sqrt).sum() / Arrays.stream(fixed).sum());
    }

    /** Seconds from the start of the creation day to the removal, per row the simulation itself would use. */
    static double[] removalOffsets(Path file) throws Exception {
        return org.afterimage.detector.simulate.RemovalRows.load(file).rows().stream()
                .mapToDouble(r -> r.removedAfterDayStartS()).filter(s -> s > 0).toArray();
    }

    /** A removal age (s) as the simulation draws it, or -1 for a post that is never removed. */
    static double draw(double[] rows, SplittableRandom rnd) {
        if (rnd.nextDouble() >= 0.5) return -1;
        double s = rows[rnd.nextInt(rows.length)];
        double pubInDay = rnd.nextDouble() * Math.min(86_400, s);
        return Math.max(1, s - pubInDay);
    }

    static int bin(double[] edge, double age) {
        int i = Arrays.binarySearch(edge, age);
        int b = i >= 0 ? i : -i - 2;
        return Math.max(0, Math.min(edge.length - 2, b));
    }
}
