package org.afterimage.detector.topology;

import java.util.function.Function;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.detector.schedule.Hazard;
import org.afterimage.detector.schedule.Ladder;
import org.afterimage.detector.score.Lexicon;
import org.afterimage.detector.score.Scorer;
import org.afterimage.model.Platform;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the detector topology (DESIGN §3–7):
 * <pre>
 * captures (bytes) → detect: decode, classify, schedule [history, schedule, schedule-stats, author-removals,
 *                            near-duplicate-removals]
 *                      → outputs: events | posts (compacted) | recrawl-requests | dead-letters (poison input)
 * </pre>
 * Every node and store is named from {@link Names}; serdes are explicit at every edge; each output's topic follows
 * its type ({@link Routed#topic}). Keys are post keys as UTF-8 {@code platform:postId}, the bytes the model's
 * post-key serde writes, so outputs partition as before. No repartition topics.
 */
public final class DetectorTopology {
    private DetectorTopology() {
    }

    /** With the default topic names. */
    public static void build(StreamsBuilder builder, DetectorConfig cfg) {
        build(builder, cfg, Topics.DEFAULT);
    }

    public static void build(StreamsBuilder builder, DetectorConfig cfg, Topics topics) {
        Ladder ladder = new Ladder(cfg.schedule(), cfg.history().horizon());
        build(builder, cfg, topics, p -> Hazard.fromLadder(ladder, cfg.schedule().priorWeight()));
    }

    /**
     * With a hazard per platform of the caller's choosing (the simulation's oracle gives the true one).
     */
    public static void build(StreamsBuilder builder, DetectorConfig cfg, Topics topics, Function<Platform, Hazard> hazards) {
        Scorer scorer = new Scorer(cfg.score(), Lexicon.load(cfg.score().lexicons()));
        boolean persistent = cfg.processing().persistentStores();
        // the history is the source of truth (cached: several updates of one post within a commit write once)
        builder.addStateStore(Stores.keyValueStoreBuilder(store(Names.HISTORY_STORE, persistent), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled());
        // the due list is an index of the history (each history holds its due time): not changelogged, rebuilt from
        // the history when a task starts, which halves the records written per capture
        builder.addStateStore(Stores.keyValueStoreBuilder(store(Names.SCHEDULE_STORE, persistent && !cfg.processing().dueListInMemory()),
                        Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(store(Names.SCHEDULE_STATS_STORE, persistent), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(store(Names.AUTHOR_STORE, persistent), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(store(Names.NEAR_DUP_STORE, persistent), Serdes.Bytes(), Serdes.ByteArray()));

        // one node does decode and detection, one sink writes every output to the topic of its type: a capture
        // passes two forwards instead of six branch and map hops (Streams' per-node cost showed in the profile)
        builder.stream(topics.captures(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.SOURCE))
                .process(() -> new DetectProcessor(cfg, scorer, hazards), Named.as(Names.DETECT),
                        Names.HISTORY_STORE, Names.SCHEDULE_STORE, Names.SCHEDULE_STATS_STORE, Names.AUTHOR_STORE,
                        Names.NEAR_DUP_STORE)
                .to((key, value, context) -> value.topic(topics),
                        Produced.with(Serdes.String(), Routed.SERDE).withName(Names.OUTPUTS_SINK));
    }

    private static KeyValueBytesStoreSupplier store(String name, boolean persistent) {
        return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }
}
