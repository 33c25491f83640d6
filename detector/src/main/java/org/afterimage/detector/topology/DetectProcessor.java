package org.afterimage.detector.topology;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.detector.classify.Classifier;
import org.afterimage.detector.history.PostHistory;
import org.afterimage.detector.history.StateCodec;
import org.afterimage.detector.schedule.DueKey;
import org.afterimage.detector.schedule.DueKey.Purpose;
import org.afterimage.detector.schedule.Hazard;
import org.afterimage.detector.schedule.Ladder;
import org.afterimage.detector.schedule.PlatformSchedule;
import org.afterimage.detector.score.Scorer;
import org.afterimage.detector.score.SimHash;
import org.afterimage.model.Capture;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.Platform;
import org.afterimage.model.RecrawlRequest;
import org.afterimage.model.RemovalEvent;
import org.afterimage.model.RemovalReason;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's one stateful node: history, classification, scoring and the recrawl schedule of the posts of one
 * stream task. Captures are classified at their own {@code fetchedAt}; the schedule runs on wall-clock time.
 */
final class DetectProcessor implements Processor<byte[], byte[], String, Routed> {
    private static final Logger log = LoggerFactory.getLogger(DetectProcessor.class);
    private static final StateCodec<PlatformSchedule.Stats> STATS = new StateCodec<>(PlatformSchedule.Stats.class);
    /** How often the author store is swept of authors not seen within the horizon. */
    private static final Duration AUTHOR_SWEEP = Duration.ofHours(1);

    private final DetectorConfig cfg;
    private final Classifier classifier;
    private final Ladder ladder;
    private final Function<Platform, Hazard> hazards;
    private final long horizonMs;
    private final double tickSeconds;
    private final long sightingResolutionMs;
    private final Map<Platform, PlatformSchedule> platforms = new EnumMap<>(Platform.class);
    /**
     * Due times not yet written to the history: a plain "seen again" within the sighting resolution moves the post's
     * schedule entry but skips the history write (and its changelog record). While the task runs this map, not the
     * stored {@code scheduledDue}, says which schedule entry is current. It is lost on a crash, on purpose: the due
     * list is then rebuilt from the stored due times, which are earlier, so the worst case is one early check.
     */
    private final Map<String, Long> unwrittenDue = new HashMap<>();
    /**
     * Decoded histories of the posts this task saw recently: the store stays the truth (every write goes through
     * {@link #write}/{@link #forget}, which keep this in step), this only saves reading and decoding the value again
     * for a post captured often (a third of the detector's CPU per capture went there). Bounded by an estimate of
     * heap bytes, since one history may hold ten versions of a long text. Emptied when the task (re)starts, as its
     * stores may have been restored.
     */
    private final Cache<String, PostHistory> recent;
    /** Per platform, the tracked posts of this task: {live, removed}. Counted at task start, then kept up to date. */
    private final Map<Platform, long[]> population = new EnumMap<>(Platform.class);

    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, byte[]> history;
    private KeyValueStore<Bytes, byte[]> schedule;
    private KeyValueStore<String, byte[]> stats;
    private KeyValueStore<String, byte[]> authors;
    private KeyValueStore<Bytes, byte[]> nearDups;
    private long lastSweep;

    DetectProcessor(DetectorConfig cfg, Scorer scorer, Function<Platform, Hazard> hazards) {
        this.cfg = cfg;
        this.classifier = new Classifier(cfg, scorer);
        this.ladder = new Ladder(cfg.schedule(), cfg.history().horizon());
        this.hazards = hazards;
        this.horizonMs = cfg.history().horizon().toMillis();
        this.tickSeconds = cfg.schedule().tick().toMillis() / 1000.0;
        this.sightingResolutionMs = cfg.history().sightingResolution().toMillis();
        this.recent = Caffeine.newBuilder()
                .maximumWeight(cfg.processing().historyCacheMiB() * 1024L * 1024L)
                .weigher((String k, PostHistory h) -> weight(k, h))
                .executor(Runnable::run)   // evict on the stream thread: no work handed to a shared pool
                .build();
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.history = context.getStateStore(Names.HISTORY_STORE);
        this.schedule = context.getStateStore(Names.SCHEDULE_STORE);
        this.stats = context.getStateStore(Names.SCHEDULE_STATS_STORE);
        this.authors = context.getStateStore(Names.AUTHOR_STORE);
        this.nearDups = context.getStateStore(Names.NEAR_DUP_STORE);
        this.lastSweep = context.currentSystemTimeMs();
        unwrittenDue.clear();   // a revived task restarts from its stores
        recent.invalidateAll();
        rebuildSchedule();
        context.schedule(cfg.schedule().tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    /**
     * Re-creates the due list from the stored due times of the history (called once per task start, after
     * restoration). Entries that survived in an on-disk due list but no longer match their history (including those
     * of due times that were only in memory, see {@link #unwrittenDue}) are dropped lazily when they come due.
     */
    private void rebuildSchedule() {
        long t = System.nanoTime();
        int n = 0;
        population.clear();
        try (KeyValueIterator<String, byte[]> it = history.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                PostHistory h = StateCodec.HISTORY.decodeOrNull(kv.value);
                if (h == null) continue;
                Platform p;
                try {
                    p = PostKey.parse(kv.key).platform();
                } catch (IllegalArgumentException e) {
                    continue;
                }
                count(p, null, h);
                if (h.scheduledDue() <= 0) continue;
                Bytes k = DueKey.of(p, h.scheduledDue(), kv.key);
                if (schedule.get(k) == null) {
                    schedule.put(k, DueKey.value(h.consecutiveNotFound() > 0 ? Purpose.CONFIRM
                            : h.removed() ? Purpose.RESTORE : Purpose.SCHEDULED, 1));
                }
                n++;
            }
        }
        if (n > 0) log.info("task {}: schedule rebuilt from {} histories in {} ms", context.taskId(), n, (System.nanoTime() - t) / 1_000_000);
    }

    PlatformSchedule platform(Platform p) {
        return platforms.computeIfAbsent(p, x -> {
            PlatformSchedule ps = new PlatformSchedule(cfg.schedule(), cfg.schedule().budget(x), hazards.apply(x), ladder);
            ps.restore(STATS.decodeOrNull(stats.get(x.id())));
            return ps;
        });
    }

    @Override
    public void process(Record<byte[], byte[]> r) {
        Routed in = CaptureDecoding.decode(r, context.recordMetadata().orElse(null));
        if (in instanceof Routed.Letter poison) {
            context.forward(new Record<>(poison.letter().key(), in, r.timestamp(), r.headers()));
            return;
        }
        Routed.Decoded decoded = (Routed.Decoded) in;
        Capture c = decoded.capture();
        String key = decoded.key();   // formatted once, by the decoder's key check
        try {
            PostHistory prev = read(key);
            Classifier.Decision d = classifier.classify(prev, c, context());
            long now = c.fetchedAt().toEpochMilli();
            PlatformSchedule ps = platform(c.key().platform());
            PostHistory h = d.history();
            // seen again, unchanged, soon after the stored sighting: move the schedule, write nothing. The exposure
            // is then counted at the next written sighting (from the stored lastPresent), never twice.
            boolean unwritten = prev != null && d.next().kind() == Classifier.NextKind.SCHEDULED && d.events().isEmpty()
                    && d.post() == null && d.removedBetween() == null && now - prev.lastSeen() < sightingResolutionMs
                    && now >= prev.lastSeen() && prev.onlySightingsDiffer(h);
            if (d.exposed() != null && !unwritten) ps.hazard().exposed(d.exposed()[0], d.exposed()[1]);
            if (d.removedBetween() != null) {
                ps.hazard().removed(d.removedBetween()[0], d.removedBetween()[1]);
                ps.markDirty();
            }
            for (PostEvent e : d.events()) {
                if (e instanceof RemovalEvent re) remember(re, now);
                context.forward(new Record<>(key, new Routed.Event(e), r.timestamp()));
            }
            if (d.post() != null) context.forward(new Record<>(key, new Routed.Post(d.post()), r.timestamp()));
            long prevDue = prev == null ? 0 : currentDue(key, prev);
            if (prevDue > 0) schedule.delete(DueKey.of(c.key().platform(), prevDue, key));
            long limit = h.origin() + horizonMs;
            long due;
            Purpose purpose;
            int attempt = 1;
            DetectorConfig.Schedule s = cfg.schedule();
            count(c.key().platform(), prev, h);
            switch (d.next().kind()) {
                case SCHEDULED -> {
                    long[] pop = population.get(c.key().platform());
                    ps.population(pop[0], pop[1]);
                    due = ps.nextCheck(h.origin(), now, limit, h.risk());
                    purpose = Purpose.SCHEDULED;
                }
                case CONFIRM -> {
                    due = now + s.confirmDelay().toMillis();
                    purpose = Purpose.CONFIRM;
                }
                case RESTORE -> {
                    due = now + s.restorationInterval().toMillis();
                    purpose = Purpose.RESTORE;
                }
                case RETRY -> {
                    attempt = d.next().attempt();
                    long backoff = s.retryInitial().toMillis() << Math.min(30, attempt - 1);
                    due = Math.max(d.next().notBeforeMs(), now + Math.min(s.retryMax().toMillis(), backoff));
                    purpose = h.consecutiveNotFound() > 0 ? Purpose.CONFIRM : Purpose.RETRY;
                }
                default -> throw new IllegalStateException();
            }
            due = Math.min(due, limit);
            if (unwritten) {
                unwrittenDue.put(key, due);
            } else {
                write(key, h.withScheduledDue(due));
                unwrittenDue.remove(key);
            }
            schedule.put(DueKey.of(c.key().platform(), due, key), DueKey.value(purpose, attempt));
        } catch (RuntimeException e) {
            // a bug or a capture that breaks an invariant must not stop the partition: park it
            log.error("cannot process capture of {}: {}", key, e.toString(), e);
            context.forward(new Record<>(key, new Routed.Letter(new DeadLetter("captures", -1, -1, key, "",
                    "INVALID: " + e, "detector", Instant.ofEpochMilli(Math.max(0, r.timestamp())))), r.timestamp()));
        }
    }

    /** The periodic schedule run: for each platform, the due entries in time order, as far as the budget goes. */
    void tick(long now) {
        int emitted = 0;
        int max = cfg.schedule().maxPerTick();
        for (Platform p : Platform.values()) {
            PlatformSchedule ps = platforms.get(p);
            boolean any = ps != null;
            if (ps == null) {
                try (KeyValueIterator<Bytes, byte[]> it = schedule.range(DueKey.lower(p, 0), DueKey.upper(p, Long.MAX_VALUE - 1))) {
                    any = it.hasNext();
                }
                if (!any) continue;
                ps = platform(p);
            }
            ps.refill(now, tickSeconds);
            int room = max - emitted;
            if (ps.tokens() < 1 || room <= 0) continue;   // nothing can go out this tick
            int limit = (int) Math.min(room, Math.floor(ps.tokens())) + 32;   // + a few expired/stale entries, which cost nothing
            List<KeyValue<Bytes, byte[]>> due = collect(DueKey.lower(p, 0), DueKey.upper(p, now), limit, false);
            boolean backlog = due.size() >= limit;
            int served = 0;
            int unserved = 0;
            for (KeyValue<Bytes, byte[]> kv : due) {
                int r = serve(p, ps, kv, now, emitted < max);
                if (r == 1) {
                    emitted++;
                    served++;
                } else if (r == 0) unserved++;
            }
            double spare = backlog || unserved > 0 ? 0 : ps.tokens();
            ps.adapt(spare, backlog ? Math.max(unserved, 1) : unserved, tickSeconds);
            // spare budget pulls the earliest upcoming checks forward: the whole budget is used
            if (!backlog && unserved == 0 && ps.tokens() >= 1 && emitted < max && cfg.schedule().pullForward().toMillis() > 0) {
                int n = (int) Math.min(max - emitted, Math.floor(ps.tokens()));
                // widen the window step by step: the scan touches about as many entries as it pulls
                long reach = cfg.schedule().pullForward().toMillis();
                long window = Math.min(reach, Math.max(1000, cfg.schedule().tick().toMillis() * 16));
                List<KeyValue<Bytes, byte[]>> pulled = List.of();
                while (true) {
                    pulled = collect(DueKey.lower(p, now + 1), DueKey.upper(p, now + window), n, true);
                    if (pulled.size() >= n || window >= reach) break;
                    window = Math.min(reach, window * 16);
                }
                for (KeyValue<Bytes, byte[]> kv : pulled) {
                    if (serve(p, ps, kv, now, emitted < max) == 1) emitted++;
                }
            }
            if (ps.takeDirty()) stats.put(p.id(), STATS.encode(ps.stats()));
        }
        if (now - lastSweep >= AUTHOR_SWEEP.toMillis()) {
            lastSweep = now;
            sweepAuthors(now);
        }
    }

    private List<KeyValue<Bytes, byte[]>> collect(Bytes from, Bytes to, int limit, boolean skipWaiting) {
        List<KeyValue<Bytes, byte[]>> out = new ArrayList<>();
        if (limit <= 0) return out;
        try (KeyValueIterator<Bytes, byte[]> it = schedule.range(from, to)) {
            while (it.hasNext() && out.size() < limit) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (skipWaiting) {
                    Purpose pu = DueKey.purpose(kv.value);
                    // only plain checks move forward; confirmations, retries and outstanding requests keep their time
                    if (pu != Purpose.SCHEDULED) continue;
                }
                out.add(kv);
            }
        }
        return out;
    }

    /** @return 1 emitted a request, 0 left for lack of budget, -1 dropped (stale or expired) */
    private int serve(Platform p, PlatformSchedule ps, KeyValue<Bytes, byte[]> kv, long now, boolean room) {
        long due = DueKey.due(kv.key);
        String key = DueKey.postKey(kv.key);
        PostHistory h = read(key);
        if (h == null || currentDue(key, h) != due) {
            schedule.delete(kv.key);   // left over from a reschedule, or a corrupt history: nothing to do
            return -1;
        }
        if (now - h.origin() >= horizonMs) {
            schedule.delete(kv.key);
            unwrittenDue.remove(key);
            forget(key);   // a tombstone in the changelog: state stays bounded by the horizon
            count(p, h, null);
            return -1;
        }
        if (!room || !ps.take()) return 0;
        Purpose purpose = DueKey.purpose(kv.value);
        int attempt = DueKey.attempt(kv.value);
        RecrawlRequest.Purpose rp = switch (purpose) {
            case CONFIRM -> RecrawlRequest.Purpose.CONFIRM;
            case RETRY, AWAIT -> RecrawlRequest.Purpose.RETRY;
            case SCHEDULED, RESTORE -> RecrawlRequest.Purpose.SCHEDULED;
        };
        if (purpose == Purpose.AWAIT) attempt++;
        PostKey pk;
        try {
            pk = PostKey.parse(key);
        } catch (IllegalArgumentException e) {
            schedule.delete(kv.key);
            unwrittenDue.remove(key);
            forget(key);
            count(p, h, null);
            return -1;
        }
        RecrawlRequest req = new RecrawlRequest(pk, h.url(), Instant.ofEpochMilli(Math.min(due, now)), attempt,
                priority(purpose, h, now), rp);
        context.forward(new Record<>(key, new Routed.Request(req), now));
        // wait for the answer; if none comes, ask again
        long again = Math.min(h.origin() + horizonMs, now + cfg.schedule().responseTimeout().toMillis());
        schedule.delete(kv.key);
        schedule.put(DueKey.of(p, again, key), DueKey.value(Purpose.AWAIT, attempt));
        write(key, h.withScheduledDue(again));
        unwrittenDue.remove(key);
        return 1;
    }

    /** The post's history, {@code null} if none (or unreadable). */
    private PostHistory read(String key) {
        PostHistory h = recent.getIfPresent(key);
        if (h == null) {
            h = StateCodec.HISTORY.decodeOrNull(history.get(key));
            if (h != null) recent.put(key, h);
        }
        return h;
    }

    private void write(String key, PostHistory h) {
        history.put(key, StateCodec.HISTORY.encode(h));
        recent.put(key, h);   // the codec round-trips (StateCodecTest), so this is what a read would decode
    }

    private void forget(String key) {
        history.delete(key);
        recent.invalidate(key);
    }

    /** Heap bytes of a cached history, roughly: its strings (two bytes a char at worst) and the objects around them. */
    static int weight(String key, PostHistory h) {
        long chars = key.length() + (h.url() == null ? 0 : h.url().length()) + (h.author() == null ? 0 : h.author().length());
        for (PostHistory.Version v : h.versions()) chars += v.text().length() + v.hash().length() + 48;
        return (int) Math.min(Integer.MAX_VALUE, 2 * chars + 512);
    }

    /** Moves one post of platform {@code p} from state {@code before} to {@code after} (null: not tracked). */
    private void count(Platform p, PostHistory before, PostHistory after) {
        long[] pop = population.computeIfAbsent(p, x -> new long[2]);
        if (before != null) pop[before.removed() ? 1 : 0]--;
        if (after != null) pop[after.removed() ? 1 : 0]++;
    }

    /** The due time of the post's current schedule entry: the unwritten one if any, else the stored one. */
    private long currentDue(String key, PostHistory h) {
        Long d = unwrittenDue.get(key);
        return d != null ? d : h.scheduledDue();
    }

    /** Higher first: confirmations, then retries, then young and risky posts; restoration checks last. */
    static int priority(Purpose purpose, PostHistory h, long now) {
        return switch (purpose) {
            case CONFIRM -> 100;
            case RETRY, AWAIT -> 80;
            case RESTORE -> 5;
            case SCHEDULED -> {
                double ageMin = Math.max(0, (now - h.origin()) / 60_000.0);
                double young = Math.max(0, 60 - 5 * (Math.log(1 + ageMin) / Math.log(2)));
                yield (int) Math.max(10, Math.min(99, 10 + young + 10 * (h.risk() - 1)));
            }
        };
    }

    private Classifier.Context context() {
        return new Classifier.Context() {
            @Override
            public int authorCensored(PostKey key, String author) {
                return author == null ? 0 : AuthorStats.decode(authors.get(authorKey(key, author))).censored();
            }

            @Override
            public boolean authorSuspended(PostKey key, String author) {
                return author != null && AuthorStats.decode(authors.get(authorKey(key, author))).suspended();
            }

            @Override
            public int nearDuplicateAccounts(PostKey key, String author, String text, long nowMs) {
                long hash = SimHash.of(text);
                if (hash == 0) return 0;
                int self = author == null ? 0 : author.hashCode();
                long since = nowMs - cfg.score().nearDuplicateWindow().toMillis();
                Set<Integer> others = new HashSet<>();
                for (int b = 0; b < SimHash.BANDS; b++) {
                    byte[] v = nearDups.get(bucket(b, hash));
                    if (v == null) continue;
                    ByteBuffer buf = ByteBuffer.wrap(v);
                    while (buf.remaining() >= 20) {
                        long h = buf.getLong();
                        int a = buf.getInt();
                        long t = buf.getLong();
                        if (t >= since && t <= nowMs && a != self && SimHash.distance(h, hash) <= cfg.score().nearDuplicateDistance()) {
                            others.add(a);
                        }
                    }
                }
                return others.size();
            }
        };
    }

    /** After a removal: the author's record, and the text in the near-duplicate buckets. */
    private void remember(RemovalEvent e, long now) {
        if (e.author() != null) {
            String ak = authorKey(e.key(), e.author());
            AuthorStats a = AuthorStats.decode(authors.get(ak));
            boolean censored = e.reason() == RemovalReason.CENSORED || e.reason() == RemovalReason.ACCOUNT_SUSPENDED
                    || e.reason() == RemovalReason.GEO_BLOCKED;
            authors.put(ak, new AuthorStats(a.censored() + (censored ? 1 : 0),
                    a.suspended() || e.reason() == RemovalReason.ACCOUNT_SUSPENDED, now).encode());
        }
        if (e.reason() == RemovalReason.DELETED_BY_AUTHOR || e.reason() == RemovalReason.PRIVATE) return;
        long hash = SimHash.of(e.text());
        if (hash == 0) return;
        int author = e.author() == null ? 0 : e.author().hashCode();
        long since = now - cfg.score().nearDuplicateWindow().toMillis();
        int cap = cfg.score().nearDuplicateBucket();
        for (int b = 0; b < SimHash.BANDS; b++) {
            Bytes k = bucket(b, hash);
            byte[] old = nearDups.get(k);
            ByteBuffer out = ByteBuffer.allocate(20 * cap);
            out.putLong(hash).putInt(author).putLong(now);
            int kept = 1;
            if (old != null) {
                ByteBuffer in = ByteBuffer.wrap(old);
                while (in.remaining() >= 20 && kept < cap) {
                    long h = in.getLong();
                    int a = in.getInt();
                    long t = in.getLong();
                    if (t >= since) {   // newest first; older than the window falls out
                        out.putLong(h).putInt(a).putLong(t);
                        kept++;
                    }
                }
            }
            byte[] v = new byte[out.position()];
            out.flip().get(v);
            nearDups.put(k, v);
        }
    }

    private static Bytes bucket(int band, long hash) {
        int v = SimHash.band(hash, band);
        return Bytes.wrap(new byte[] {(byte) band, (byte) (v >>> 8), (byte) v});
    }

    private static String authorKey(PostKey key, String author) {
        String a = author.length() > 256 ? author.substring(0, 256) : author;
        return key.platform().id() + ":" + a;
    }

    private void sweepAuthors(long now) {
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = authors.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (now - AuthorStats.decode(kv.value).last() > horizonMs) stale.add(kv.key);
            }
        }
        stale.forEach(authors::delete);
    }

    /** An author's removal record (value of the author store). */
    record AuthorStats(int censored, boolean suspended, long last) {
        static AuthorStats decode(byte[] v) {
            if (v == null || v.length < 13) return new AuthorStats(0, false, 0);
            ByteBuffer b = ByteBuffer.wrap(v);
            return new AuthorStats(b.getInt(), b.get() != 0, b.getLong());
        }

        byte[] encode() {
            return ByteBuffer.allocate(13).putInt(censored).put((byte) (suspended ? 1 : 0)).putLong(last).array();
        }
    }
}
