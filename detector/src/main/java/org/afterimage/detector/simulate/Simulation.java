package org.afterimage.detector.simulate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.detector.schedule.Hazard;
import org.afterimage.detector.topology.DetectorTopology;
import org.afterimage.model.Capture;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.RecrawlRequest;
import org.afterimage.model.RemovalEvent;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.UnreachableCause;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.json.Json;
import org.afterimage.model.kafka.AfterimageSerdes;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * {@code afterimage simulate}: the detector's quality benchmark. The real topology runs on a
 * {@link TopologyTestDriver} with a simulated clock against a simulated platform: N posts published uniformly over
 * a publishing window (default the first week; a long window gives a steady stream of posts, old and young side by
 * side, as in production), a share of them removed with the timing and reasons of the rows of a WeChatScope-format
 * CSV (publication drawn within the creation day), some edited, some fetches failing transiently; every post watched
 * to the horizon; the platform answers each recrawl request from the true state. Prints one JSON object.
 */
public final class Simulation {
    /** The simulation's parameters. */
    public record Options(Path removals, int posts, double budget, Duration horizon, double transientErrors, long seed,
                          DetectorConfig.Strategy strategy, double removedFraction, double editedFraction, Duration tick,
                          Duration publishing, Duration measureFrom) {
        /** When the simulated clock stops: the last post published, watched to its horizon, plus one tick. */
        Instant end() {
            return START.plus(publishing).plus(horizon).plus(tick);
        }

        /**
         * Whether a post's removal counts in the result: only posts published at or after {@code measureFrom} (from
         * the start), so that a warm-up (e.g. one horizon) lets the population reach its steady state of ages and
         * the adaptive schedule learn the hazard before latency is measured.
         */
        boolean measured(Instant published) {
            return !published.isBefore(START.plus(measureFrom));
        }
    }

    /** The result (the printed JSON object). */
    public record Result(String strategy, int posts, int removals, int detected, double recall, int falseRemovals,
                         double reasonAccuracy, Map<String, Long> latencySeconds, long requests, double requestsPerPost) {
    }

    static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    private Simulation() {
    }

    /**
     * CLI entry point: {@code --removals FILE.csv [--posts N] [--budget REQ_PER_S] [--horizon 30d]
     * [--transient-errors 0.05] [--seed S] [--strategy adaptive|fixed|oracle] [--removed-fraction 0.5]
     * [--edited-fraction 0.1] [--tick 60s] [--publishing 7d] [--measure-from 0s]}.
     *
     * @return 0 on success, 2 for bad arguments or an unreadable file
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("afterimage simulate: " + e.getMessage());
            err.println("usage: afterimage simulate --removals FILE.csv [--posts N] [--budget REQ_PER_S] [--horizon 30d]"
                    + " [--transient-errors 0.05] [--seed S] [--strategy adaptive|fixed|oracle]"
                    + " [--removed-fraction 0.5] [--edited-fraction 0.1] [--tick 60s] [--publishing 7d] [--measure-from 0s]");
            err.println("  --publishing D    posts are published uniformly over the first D of the run (default 7d); each is"
                    + " watched to --horizon, so the run lasts publishing + horizon");
            err.println("  --measure-from D  count only removals of posts published at least D after the start (default 0s:"
                    + " all); e.g. --publishing 90d --measure-from 30d measures the steady state after one horizon");
            return 2;
        }
        try {
            Result r = simulate(o);
            out.println(Json.MAPPER.writeValueAsString(r));
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("afterimage simulate: " + e.getMessage());
            return 2;
        }
    }

    /** For running from a class path: {@code java ... org.afterimage.detector.simulate.Simulation --removals F}. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static Options parse(String[] args) {
        Path removals = null;
        int posts = 2000;
        double budget = 0.2;
        Duration horizon = Duration.ofDays(30);
        double transients = 0.05;
        long seed = 1;
        DetectorConfig.Strategy strategy = DetectorConfig.Strategy.ADAPTIVE;
        double removed = 0.5;
        double edited = 0.1;
        Duration tick = Duration.ofSeconds(60);
        Duration publishing = Duration.ofDays(7);
        Duration measureFrom = Duration.ZERO;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
            String v = args[++i];
            try {
                switch (a) {
                    case "--removals" -> removals = Path.of(v);
                    case "--posts" -> posts = Integer.parseInt(v);
                    case "--budget" -> budget = Double.parseDouble(v);
                    case "--horizon" -> horizon = DetectorConfig.parseDuration(v);
                    case "--transient-errors" -> transients = Double.parseDouble(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--strategy" -> strategy = DetectorConfig.Strategy.valueOf(v.strip().toUpperCase(Locale.ROOT));
                    case "--removed-fraction" -> removed = Double.parseDouble(v);
                    case "--edited-fraction" -> edited = Double.parseDouble(v);
                    case "--tick" -> tick = DetectorConfig.parseDuration(v);
                    case "--publishing" -> publishing = DetectorConfig.parseDuration(v);
                    case "--measure-from" -> measureFrom = DetectorConfig.parseDuration(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(a + ": not a number: '" + v + "'");
            } catch (java.time.DateTimeException | ArithmeticException e) {
                throw new IllegalArgumentException(a + ": not a duration: '" + v + "'");
            }
        }
        if (removals == null) throw new IllegalArgumentException("--removals FILE.csv is required");
        if (posts < 1 || posts > 10_000_000) throw new IllegalArgumentException("--posts must be between 1 and 10000000");
        if (!(budget > 0) || budget > 1e6) throw new IllegalArgumentException("--budget must be > 0");
        if (!(transients >= 0 && transients < 1)) throw new IllegalArgumentException("--transient-errors must be in [0,1)");
        if (!(removed >= 0 && removed <= 1)) throw new IllegalArgumentException("--removed-fraction must be in [0,1]");
        if (!(edited >= 0 && edited <= 1)) throw new IllegalArgumentException("--edited-fraction must be in [0,1]");
        if (horizon.compareTo(Duration.ofHours(1)) < 0 || horizon.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("--horizon must be between 1h and 3650d");
        }
        if (tick.compareTo(Duration.ofSeconds(1)) < 0 || tick.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("--tick must be between 1s and 1d");
        }
        if (publishing.compareTo(Duration.ofSeconds(1)) < 0 || publishing.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("--publishing must be between 1s and 3650d");
        }
        if (measureFrom.isNegative() || measureFrom.compareTo(publishing) >= 0) {
            throw new IllegalArgumentException("--measure-from must be at least 0s and less than --publishing ("
                    + publishing + ")");
        }
        return new Options(removals, posts, budget, horizon, transients, seed, strategy, removed, edited, tick,
                publishing, measureFrom);
    }

    /** The truth about one simulated post. */
    record Truth(PostKey key, String author, Instant published, Instant removedAt, RemovalReason reason, String message,
                 Instant editedAt, String text, String editedText) {
        boolean removedBy(Instant t) {
            return removedAt != null && !t.isBefore(removedAt);
        }
    }

    public static Result simulate(Options o) throws IOException {
        if (!Files.isReadable(o.removals())) throw new IOException("cannot read " + o.removals());
        RemovalRows.Loaded loaded = RemovalRows.load(o.removals());
        if (loaded.rows().isEmpty()) throw new IOException("no usable rows in " + o.removals() + ": " + loaded.problems());
        List<Truth> truths = truths(o, loaded.rows());
        Map<String, Truth> byKey = new HashMap<>();
        for (Truth t : truths) byKey.put(t.key().toString(), t);

        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("schedule.strategy", o.strategy().name());
        overrides.put("schedule.budgets.default", Double.toString(o.budget()));
        overrides.put("schedule.tick", o.tick().toMillis() + "ms");
        overrides.put("history.horizon", o.horizon().toMillis() + "ms");
        overrides.put("processing.persistentStores", "false");
        DetectorConfig cfg = DetectorConfig.load(Optional.empty(), overrides);
        Topics topics = Topics.in("sim");
        StreamsBuilder builder = new StreamsBuilder();
        if (o.strategy() == DetectorConfig.Strategy.ORACLE) {
            Hazard known = Hazard.known(trueHazard(truths, o.horizon()));
            DetectorTopology.build(builder, cfg, topics, p -> known);
        } else {
            DetectorTopology.build(builder, cfg, topics);
        }
        Path state = Files.createTempDirectory("afterimage-sim");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "afterimage-simulation");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "simulated:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        SplittableRandom rnd = new SplittableRandom(o.seed() ^ 0x5DEECE66DL);
        Map<String, Instant> detected = new HashMap<>();
        Map<String, RemovalReason> detectedReason = new HashMap<>();
        int falseRemovals = 0;
        long requests = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props, START)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(topics.captures(), new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<PostKey, RecrawlRequest> req = driver.createOutputTopic(topics.recrawlRequests(),
                    AfterimageSerdes.postKey().deserializer(), AfterimageSerdes.recrawlRequest().deserializer());
            TestOutputTopic<PostKey, PostEvent> events = driver.createOutputTopic(topics.events(),
                    AfterimageSerdes.postKey().deserializer(), AfterimageSerdes.event().deserializer());
            driver.createOutputTopic(topics.posts(), AfterimageSerdes.postKey().deserializer(), AfterimageSerdes.post().deserializer());
            List<Truth> byPublication = new ArrayList<>(truths);
            byPublication.sort(Comparator.comparing(Truth::published));
            int next = 0;
            Instant now = START;
            Instant end = o.end();
            long tickMs = o.tick().toMillis();
            while (now.isBefore(end)) {
                Instant until = now.plusMillis(tickMs);
                // the crawler discovers new posts as they are published
                while (next < byPublication.size() && byPublication.get(next).published().isBefore(until)) {
                    Truth t = byPublication.get(next++);
                    pipe(in, answer(t, t.published(), rnd, 0));
                }
                driver.advanceWallClockTime(o.tick());
                now = until;
                for (RecrawlRequest r : req.readValuesToList()) {
                    requests++;
                    Truth t = byKey.get(r.key().toString());
                    if (t == null) continue;
                    pipe(in, answer(t, now, rnd, o.transientErrors()));
                }
                for (PostEvent e : events.readValuesToList()) {
                    if (!(e instanceof RemovalEvent re)) continue;
                    Truth t = byKey.get(re.key().toString());
                    if (t == null || !t.removedBy(re.detectedAt())) {
                        falseRemovals++;
                        continue;
                    }
                    detected.putIfAbsent(re.key().toString(), re.detectedAt());
                    detectedReason.putIfAbsent(re.key().toString(), re.reason());
                }
            }
        } finally {
            deleteQuietly(state);
        }
        int removals = 0;
        int correct = 0;
        List<Long> latencies = new ArrayList<>();
        for (Truth t : truths) {
            if (t.removedAt() == null || !t.removedAt().isBefore(t.published().plus(o.horizon()))) continue;
            if (!o.measured(t.published())) continue;
            removals++;
            Instant d = detected.get(t.key().toString());
            if (d == null) continue;
            latencies.add(Duration.between(t.removedAt(), d).toSeconds());
            if (detectedReason.get(t.key().toString()) == t.reason()) correct++;
        }
        long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Long> pct = new LinkedHashMap<>();
        pct.put("p50", percentile(lat, 0.50));
        pct.put("p90", percentile(lat, 0.90));
        pct.put("p99", percentile(lat, 0.99));
        int det = lat.length;
        return new Result(o.strategy().name().toLowerCase(Locale.ROOT), o.posts(), removals, det,
                round(removals == 0 ? 1.0 : det / (double) removals), falseRemovals,
                round(det == 0 ? 1.0 : correct / (double) det), pct, requests, round(requests / (double) o.posts()));
    }

    /** The simulated posts: publication uniform over the publishing window; removal timing and reason from a random row. */
    static List<Truth> truths(Options o, List<RemovalRows.Row> rows) {
        SplittableRandom rnd = new SplittableRandom(o.seed());
        List<Truth> out = new ArrayList<>(o.posts());
        for (int i = 0; i < o.posts(); i++) {
            PostKey key = PostKey.of(Platform.WECHAT, "sim/" + i);
            Instant published = START.plusMillis((long) (rnd.nextDouble() * o.publishing().toMillis()));
            String author = "account" + rnd.nextInt(Math.max(1, o.posts() / 5));
            String text = "第" + i + "篇文章 simulated article " + i + " about the news of the day, number " + rnd.nextInt(1_000_000);
            Instant removedAt = null;
            RemovalReason reason = null;
            String message = null;
            if (rnd.nextDouble() < o.removedFraction()) {
                RemovalRows.Row row = rows.get(rnd.nextInt(rows.size()));
                // publication drawn within the creation day, before the removal
                long maxInDay = Math.min(86_400, row.removedAfterDayStartS());
                long pubInDay = (long) (rnd.nextDouble() * maxInDay);
                long delay = Math.max(1, row.removedAfterDayStartS() - pubInDay);
                removedAt = published.plusSeconds(delay);
                reason = row.reason();
                message = row.message();
            }
            Instant editedAt = null;
            String edited = null;
            if (rnd.nextDouble() < o.editedFraction()) {
                editedAt = published.plusSeconds((long) (-Math.log(1 - rnd.nextDouble()) * 86_400));
                edited = text + "（更新）updated";
            }
            out.add(new Truth(key, author, published, removedAt, reason, message, editedAt, text, edited));
        }
        return out;
    }

    /** What the platform shows of {@code t} at {@code at}. */
    static Capture answer(Truth t, Instant at, SplittableRandom rnd, double transientErrors) {
        String url = "https://mp.weixin.qq.com/s/" + t.key().postId();
        if (transientErrors > 0 && rnd.nextDouble() < transientErrors) {
            UnreachableCause cause = rnd.nextBoolean() ? UnreachableCause.TIMEOUT : UnreachableCause.RATE_LIMITED;
            return Capture.of(t.key(), url, at, FetchOutcome.unreachable(cause, "simulated"));
        }
        if (t.removedBy(at)) {
            return new Capture(t.key(), url, at, FetchOutcome.gone(t.reason(), new Evidence(200, "wechat:message", t.message(), "")),
                    t.author(), null, t.published(), null, null, List.of(), null, null);
        }
        String text = t.editedAt() != null && !at.isBefore(t.editedAt()) ? t.editedText() : t.text();
        // volatile noise that is not an edit: extra spaces, a zero-width space
        if (rnd.nextInt(5) == 0) text = "  " + text.replace(" ", "  ") + "\u200B";
        return Capture.present(t.key(), url, at, t.author(), text, t.published(), null);
    }

    private static void pipe(TestInputTopic<byte[], byte[]> in, Capture c) {
        in.pipeInput(c.key().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), Codecs.CAPTURE.encode(c), c.fetchedAt());
    }

    /** The true hazard per age bin of the simulated population (the oracle): removals / exposure. */
    static double[] trueHazard(List<Truth> truths, Duration horizon) {
        double[] events = new double[Hazard.BINS];
        double[] exposure = new double[Hazard.BINS];
        double h = horizon.toSeconds();
        for (Truth t : truths) {
            double end = h;
            if (t.removedAt() != null) {
                double age = Duration.between(t.published(), t.removedAt()).toMillis() / 1000.0;
                if (age < h) {
                    events[Hazard.bin(age)] += 1;
                    end = age;
                }
            }
            for (int b = 0; b < Hazard.BINS; b++) {
                double lo = Hazard.edge(b);
                double hi = b + 1 < Hazard.BINS ? Hazard.edge(b + 1) : Double.MAX_VALUE;
                if (lo >= end) break;
                exposure[b] += Math.min(hi, end) - lo;
            }
        }
        double[] rate = new double[Hazard.BINS];
        for (int b = 0; b < Hazard.BINS; b++) rate[b] = exposure[b] > 0 ? (events[b] + 1e-3) / exposure[b] : 1e-12;
        return rate;
    }

    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // temp dir
        }
    }
}
