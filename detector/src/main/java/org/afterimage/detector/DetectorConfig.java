package org.afterimage.detector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.afterimage.model.Platform;
import org.afterimage.model.RemovalReason;

/**
 * The detector's configuration, bound from {@code detector-defaults.yaml} (documented there) plus an optional file
 * and {@code path.to.key=value} overrides. Every value is validated once here; errors name the key and the value.
 */
public record DetectorConfig(String applicationId, String instanceId, Processing processing, History history,
                             Schedule schedule, Score score) {

    /**
     * Kafka Streams settings.
     *
     * @param dueListInMemory keep the due list (an unlogged index of the history, rebuilt at every task start) in
     *                        memory rather than RocksDB even when {@code persistentStores}: faster, about 150 bytes of
     *                        heap per tracked post
     * @param cacheMiB        Kafka Streams' record cache in front of the history store, MiB per instance
     * @param historyCacheMiB decoded histories of recently captured posts kept per stream task, MiB of heap (estimated)
     */
    public record Processing(int standbyReplicas, int threads, Duration commitInterval, boolean persistentStores,
                             boolean dueListInMemory, int cacheMiB, int historyCacheMiB) {
    }

    /** What the history store keeps, and for how long. */
    /**
     * @param sightingResolution a capture that only shows the post again unchanged is written to the history only
     *                           when the stored last sighting is at least this old ({@code 0}: every capture); so
     *                           {@code lastSeen}, {@code lastPresent} and {@code captures} are exact to this much
     */
    public record History(Duration horizon, int maxVersions, int maxTextChars, Duration sightingResolution) {
    }

    /** Where a schedule step runs: every {@code every} until {@code until} after publication. */
    public record Step(Duration every, Duration until) {
    }

    /** {@code fixed}: one interval for every live post; {@code adaptive}: learned hazard; {@code oracle}: given hazard. */
    public enum Strategy { FIXED, ADAPTIVE, ORACLE }

    /** The recrawl schedule. */
    public record Schedule(Strategy strategy, Duration tick, List<Duration> ladderPoints, List<Step> ladderSteps,
                           Duration confirmDelay, Duration retryInitial, Duration retryMax, Duration responseTimeout,
                           Duration restorationInterval, Duration minInterval, Duration maxInterval,
                           double defaultBudget, Map<Platform, Double> budgets, Duration pullForward,
                           double priorWeight, int maxPerTick) {
        public Schedule {
            ladderPoints = List.copyOf(ladderPoints);
            ladderSteps = List.copyOf(ladderSteps);
            budgets = Map.copyOf(budgets);
        }

        /** Requests per second for {@code p}. */
        public double budget(Platform p) {
            return budgets.getOrDefault(p, defaultBudget);
        }
    }

    /** Censorship-probability weights (log-odds) and the data behind them. */
    public record Score(double prior, Map<RemovalReason, Double> reasonWeights, double fastRemovalHour,
                        double fastRemovalDay, double slowRemovalWeek, double lexiconHit, double lexiconCap,
                        List<String> lexicons, double authorRemoval, double authorCap, double nearDuplicate,
                        double nearDuplicateCap, Duration nearDuplicateWindow, int nearDuplicateDistance,
                        int nearDuplicateBucket, double accountSuspended, double restored) {
        public Score {
            reasonWeights = Map.copyOf(reasonWeights);
            lexicons = List.copyOf(lexicons);
        }
    }

    public DetectorConfig {
        Objects.requireNonNull(applicationId, "applicationId");
        instanceId = Objects.requireNonNullElse(instanceId, "");
    }

    /** The defaults, as shipped. */
    public static DetectorConfig defaults() {
        return load(Optional.empty(), Map.of());
    }

    /**
     * The defaults with {@code yaml} laid over them: the same shape, any subset of keys (the {@code detector} section
     * of {@code afterimage.yaml}); {@code "{}"} or blank gives the defaults.
     *
     * @throws IllegalArgumentException naming the bad key and value, or for YAML that does not parse
     */
    public static DetectorConfig fromYaml(String yaml) {
        // the YAML scanner takes seconds on multi-MiB input before its own limit refuses it: refuse at once
        if (yaml != null && yaml.length() > (1 << 20)) {
            throw new IllegalArgumentException("detector config: " + yaml.length() + " characters of YAML is over the " + (1 << 20) + " limit");
        }
        ObjectNode root = defaultsTree();
        if (yaml != null && !yaml.isBlank()) {
            JsonNode extra;
            try {
                extra = new YAMLMapper().readTree(yaml);
            } catch (IOException e) {
                throw new IllegalArgumentException("detector config: not valid YAML: " + e.getMessage(), e);
            }
            if (extra != null && !extra.isMissingNode() && !extra.isNull()) {
                if (!extra.isObject()) throw new IllegalArgumentException("detector config: expected a mapping at the top");
                merge(root, (ObjectNode) extra, "");
            }
        }
        return bind(new Node(root, ""));
    }

    private static ObjectNode defaultsTree() {
        try (InputStream in = DetectorConfig.class.getResourceAsStream("/detector-defaults.yaml")) {
            if (in == null) throw new IllegalStateException("detector-defaults.yaml missing from the class path");
            return (ObjectNode) new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Defaults, then {@code file} (same shape, any subset of keys), then {@code overrides} ({@code schedule.tick=5s}).
     *
     * @throws IllegalArgumentException naming the bad key and value
     */
    public static DetectorConfig load(Optional<Path> file, Map<String, String> overrides) {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode root = defaultsTree();
        if (file.isPresent()) {
            try {
                JsonNode extra = yaml.readTree(Files.readString(file.get()));
                if (extra != null && !extra.isMissingNode() && !extra.isNull()) {
                    if (!extra.isObject()) throw new IllegalArgumentException(file.get() + ": expected a mapping at the top");
                    merge(root, (ObjectNode) extra, "");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read detector config " + file.get() + ": " + e.getMessage(), e);
            }
        }
        overrides.forEach((k, v) -> override(root, k, v));
        return bind(new Node(root, ""));
    }

    private static void merge(ObjectNode into, ObjectNode from, String path) {
        from.fieldNames().forEachRemaining(name -> {
            String p = path.isEmpty() ? name : path + "." + name;
            JsonNode old = into.get(name);
            JsonNode nw = from.get(name);
            if (old == null && !"budgets".equals(path.substring(path.lastIndexOf('.') + 1))) {
                throw new IllegalArgumentException("unknown detector config key '" + p + "'");
            }
            if (old != null && old.isObject() && nw.isObject()) merge((ObjectNode) old, (ObjectNode) nw, p);
            else into.set(name, nw);
        });
    }

    private static void override(ObjectNode root, String key, String value) {
        String[] parts = key.split("\\.");
        ObjectNode at = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = at.get(parts[i]);
            if (next == null || !next.isObject()) throw new IllegalArgumentException("unknown detector config key '" + key + "'");
            at = (ObjectNode) next;
        }
        String last = parts[parts.length - 1];
        if (!at.has(last) && !key.startsWith("schedule.budgets.") && !key.startsWith("score.reasonWeights.")) {
            throw new IllegalArgumentException("unknown detector config key '" + key + "'");
        }
        JsonNode parsed;
        try {
            parsed = new YAMLMapper().readTree(value);
        } catch (IOException e) {
            parsed = JsonNodeFactory.instance.textNode(value);
        }
        at.set(last, parsed == null || parsed.isMissingNode() ? JsonNodeFactory.instance.textNode(value) : parsed);
    }

    private static DetectorConfig bind(Node n) {
        Node p = n.obj("processing");
        Node h = n.obj("history");
        Duration horizon = h.duration("horizon", Duration.ofHours(1), Duration.ofDays(3650));
        History history = new History(horizon, h.integer("maxVersions", 1, 1000), h.integer("maxTextChars", 100, 200_000),
                h.duration("sightingResolution", Duration.ZERO, Duration.ofDays(1)));
        Node s = n.obj("schedule");
        Node ladder = s.obj("ladder");
        List<Duration> points = new ArrayList<>();
        Duration prev = Duration.ZERO;
        for (int i = 0; i < ladder.size("points"); i++) {
            Duration d = ladder.durationAt("points", i);
            if (d.compareTo(prev) <= 0) throw ladder.bad("points", ladder.raw("points"), "ladder points must increase");
            points.add(d);
            prev = d;
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < ladder.size("then"); i++) {
            Node step = ladder.objAt("then", i);
            Duration every = step.duration("every", Duration.ofSeconds(1), Duration.ofDays(365));
            String untilRaw = step.text("until");
            boolean toHorizon = "horizon".equalsIgnoreCase(untilRaw);
            Duration until = toHorizon ? horizon : step.duration("until", Duration.ofSeconds(1), Duration.ofDays(3650));
            if (until.compareTo(prev) <= 0) {
                if (toHorizon || prev.compareTo(horizon) >= 0) continue;   // a short horizon cuts the ladder
                throw step.bad("until", untilRaw, "ladder steps must end later than the previous rung");
            }
            steps.add(new Step(every, until));
            prev = until;
        }
        Map<Platform, Double> budgets = new EnumMap<>(Platform.class);
        Node b = s.obj("budgets");
        double defaultBudget = b.number("default", 0.001, 1e6);
        for (String name : b.names()) {
            if (name.equals("default")) continue;
            Platform platform;
            try {
                platform = Platform.of(name);
            } catch (IllegalArgumentException e) {
                throw b.bad(name, name, e.getMessage());
            }
            budgets.put(platform, b.number(name, 0.001, 1e6));
        }
        Schedule schedule = new Schedule(
                s.enumValue("strategy", Strategy.class),
                s.duration("tick", Duration.ofMillis(10), Duration.ofHours(1)),
                points, steps,
                s.duration("confirmDelay", Duration.ZERO, Duration.ofDays(1)),
                s.duration("retryInitial", Duration.ofSeconds(1), Duration.ofDays(1)),
                s.duration("retryMax", Duration.ofSeconds(1), Duration.ofDays(30)),
                s.duration("responseTimeout", Duration.ofSeconds(1), Duration.ofDays(7)),
                s.duration("restorationInterval", Duration.ofSeconds(1), Duration.ofDays(365)),
                s.duration("minInterval", Duration.ofMillis(1), Duration.ofDays(1)),
                s.duration("maxInterval", Duration.ofSeconds(1), Duration.ofDays(3650)),
                defaultBudget, budgets,
                s.duration("pullForward", Duration.ZERO, Duration.ofDays(365)),
                s.number("priorWeight", 0, 1e9),
                s.integer("maxPerTick", 1, 10_000_000));
        if (schedule.retryMax().compareTo(schedule.retryInitial()) < 0) {
            throw s.bad("retryMax", schedule.retryMax().toString(), "must be at least retryInitial");
        }
        if (schedule.maxInterval().compareTo(schedule.minInterval()) < 0) {
            throw s.bad("maxInterval", schedule.maxInterval().toString(), "must be at least minInterval");
        }
        Node sc = n.obj("score");
        Map<RemovalReason, Double> weights = new EnumMap<>(RemovalReason.class);
        Node rw = sc.obj("reasonWeights");
        for (String name : rw.names()) {
            RemovalReason r;
            try {
                r = RemovalReason.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw rw.bad(name, name, "not a removal reason; allowed: " + List.of(RemovalReason.values()));
            }
            weights.put(r, rw.number(name, -20, 20));
        }
        for (RemovalReason r : RemovalReason.values()) {
            if (!weights.containsKey(r)) throw rw.bad(r.name(), "(missing)", "every removal reason needs a weight");
        }
        List<String> lexicons = new ArrayList<>();
        for (int i = 0; i < sc.size("lexicons"); i++) lexicons.add(sc.textAt("lexicons", i));
        Score score = new Score(sc.number("prior", -20, 20), weights,
                sc.number("fastRemovalHour", -20, 20), sc.number("fastRemovalDay", -20, 20),
                sc.number("slowRemovalWeek", -20, 20), sc.number("lexiconHit", -20, 20), sc.number("lexiconCap", 0, 50),
                lexicons, sc.number("authorRemoval", -20, 20), sc.number("authorCap", 0, 50),
                sc.number("nearDuplicate", -20, 20), sc.number("nearDuplicateCap", 0, 50),
                sc.duration("nearDuplicateWindow", Duration.ofMinutes(1), Duration.ofDays(365)),
                sc.integer("nearDuplicateDistance", 0, 3), sc.integer("nearDuplicateBucket", 1, 4096),
                sc.number("accountSuspended", -20, 20), sc.number("restored", -20, 20));
        String appId = n.text("applicationId");
        if (appId.isBlank() || !appId.matches("[A-Za-z0-9._-]+")) throw n.bad("applicationId", appId, "must match [A-Za-z0-9._-]+");
        return new DetectorConfig(appId, n.text("instanceId"),
                new Processing(p.integer("standbyReplicas", 0, 10), p.integer("threads", 1, 64),
                        p.duration("commitInterval", Duration.ofMillis(1), Duration.ofMinutes(10)), p.bool("persistentStores"),
                        p.bool("dueListInMemory"), p.integer("cacheMiB", 0, 65_536),
                        p.integer("historyCacheMiB", 0, 65_536)),
                history, schedule, score);
    }

    /** A copy with one section replaced; for tests, the simulation and the app. */
    public DetectorConfig withSchedule(Schedule s) {
        return new DetectorConfig(applicationId, instanceId, processing, history, s, score);
    }

    public DetectorConfig withHistory(History h) {
        return new DetectorConfig(applicationId, instanceId, processing, h, schedule, score);
    }

    public DetectorConfig withProcessing(Processing p) {
        return new DetectorConfig(applicationId, instanceId, p, history, schedule, score);
    }

    public DetectorConfig withApplicationId(String id, String instance) {
        return new DetectorConfig(id, instance, processing, history, schedule, score);
    }

    /**
     * Parses {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 90d}, {@code 2w} or ISO-8601 {@code PT5M}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Duration parseDuration(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) return Duration.parse(t.toUpperCase(Locale.ROOT));
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
        if (i == 0 || i == t.length()) throw new IllegalArgumentException("not a duration: '" + s + "' (use e.g. 30s, 5m, 2h, 90d)");
        double v = Double.parseDouble(t.substring(0, i));
        long unitMs = switch (t.substring(i).strip()) {
            case "ms" -> 1L;
            case "s" -> 1000L;
            case "m", "min" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            case "w" -> 7 * 86_400_000L;
            default -> throw new IllegalArgumentException("not a duration unit in '" + s + "' (ms, s, m, h, d, w)");
        };
        return Duration.ofMillis(Math.round(v * unitMs));
    }

    /** A YAML subtree with its path, for messages that name the key. */
    private record Node(JsonNode json, String path) {
        String key(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        IllegalArgumentException bad(String name, String value, String why) {
            return new IllegalArgumentException("detector config " + key(name) + "='" + value + "': " + why);
        }

        String raw(String name) {
            JsonNode v = json.get(name);
            return v == null ? "(missing)" : v.isTextual() ? v.asText() : v.toString();
        }

        JsonNode need(String name) {
            JsonNode v = json.get(name);
            if (v == null || v.isNull()) throw bad(name, "(missing)", "required");
            return v;
        }

        Node obj(String name) {
            JsonNode v = need(name);
            if (!v.isObject()) throw bad(name, raw(name), "expected a mapping");
            return new Node(v, key(name));
        }

        List<String> names() {
            List<String> out = new ArrayList<>();
            json.fieldNames().forEachRemaining(out::add);
            return out;
        }

        int size(String name) {
            JsonNode v = need(name);
            if (!v.isArray()) throw bad(name, raw(name), "expected a list");
            return v.size();
        }

        Node objAt(String name, int i) {
            JsonNode v = json.get(name).get(i);
            if (!v.isObject()) throw bad(name + "[" + i + "]", v.toString(), "expected a mapping");
            return new Node(v, key(name) + "[" + i + "]");
        }

        String textAt(String name, int i) {
            JsonNode v = json.get(name).get(i);
            if (!v.isTextual() || v.asText().isBlank()) throw bad(name + "[" + i + "]", v.toString(), "expected a non-empty string");
            return v.asText();
        }

        Duration durationAt(String name, int i) {
            JsonNode v = json.get(name).get(i);
            try {
                return parseDuration(v.asText());
            } catch (RuntimeException e) {
                throw bad(name + "[" + i + "]", v.asText(), e.getMessage());
            }
        }

        String text(String name) {
            JsonNode v = json.get(name);
            if (v == null || v.isNull()) return "";
            if (!v.isValueNode()) throw bad(name, v.toString(), "expected a string");
            return v.asText();
        }

        boolean bool(String name) {
            JsonNode v = need(name);
            if (v.isBoolean()) return v.booleanValue();
            String t = v.asText().strip().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) return Boolean.parseBoolean(t);
            throw bad(name, raw(name), "expected true or false");
        }

        int integer(String name, int min, int max) {
            double d = number(name, min, max);
            if (d != Math.rint(d)) throw bad(name, raw(name), "expected a whole number");
            return (int) d;
        }

        double number(String name, double min, double max) {
            JsonNode v = need(name);
            double d;
            if (v.isNumber()) d = v.doubleValue();
            else {
                try {
                    d = Double.parseDouble(v.asText().strip());
                } catch (NumberFormatException e) {
                    throw bad(name, raw(name), "expected a number");
                }
            }
            if (!Double.isFinite(d) || d < min || d > max) throw bad(name, raw(name), "must be between " + min + " and " + max);
            return d;
        }

        Duration duration(String name, Duration min, Duration max) {
            String raw = raw(name);
            need(name);
            Duration d;
            try {
                d = parseDuration(raw);
            } catch (RuntimeException e) {
                throw bad(name, raw, e.getMessage());
            }
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) throw bad(name, raw, "must be between " + min + " and " + max);
            return d;
        }

        <E extends Enum<E>> E enumValue(String name, Class<E> type) {
            String raw = raw(name);
            need(name);
            try {
                return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad(name, raw, "allowed: " + List.of(type.getEnumConstants()).toString().toLowerCase(Locale.ROOT));
            }
        }
    }
}
