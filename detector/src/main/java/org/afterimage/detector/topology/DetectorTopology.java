package org.afterimage.detector.topology;

import java.util.function.Function;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.detector.schedule.Hazard;
import org.afterimage.detector.schedule.Ladder;
import org.afterimage.detector.score.Lexicon;
import org.afterimage.detector.score.Scorer;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.Platform;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.PostRecord;
import org.afterimage.model.RecrawlRequest;
import org.afterimage.model.kafka.AfterimageSerdes;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the detector topology (DESIGN §3–7):
 * <pre>
 * captures (bytes) → decode ─poison→ dead-letters
 *                          └─ok→ detect [history, schedule, schedule-stats, author-removals, near-duplicate-removals]
 *                                  ├→ events   ├→ posts (compacted)   ├→ recrawl-requests   └→ dead-letters
 * </pre>
 * Every node and store is named from {@link Names}; serdes are explicit at every edge. No repartition topics.
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

        Serde<PostKey> keySerde = AfterimageSerdes.postKey();
        KStream<String, Routed> decoded = builder
                .stream(topics.captures(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.SOURCE))
                .process(DecodeProcessor::new, Named.as(Names.DECODE));
        var split = decoded.split(Named.as(Names.DECODED_SPLIT))
                .branch((k, v) -> v instanceof Routed.Letter, Branched.as(Names.POISON_BRANCH))
                .defaultBranch(Branched.as(Names.OK_BRANCH));
        split.get(Names.DECODED_SPLIT + Names.POISON_BRANCH)
                .mapValues(v -> ((Routed.Letter) v).letter(), Named.as(Names.POISON_TO_LETTER))
                .to(topics.deadLetters(), Produced.with(Serdes.String(), AfterimageSerdes.deadLetter()).withName(Names.DEAD_LETTERS_SINK));
        KStream<PostKey, Routed> out = split.get(Names.DECODED_SPLIT + Names.OK_BRANCH)
                .mapValues(v -> (Routed.Decoded) v, Named.as(Names.UNWRAP))
                .process(() -> new DetectProcessor(cfg, scorer, hazards), Named.as(Names.DETECT),
                        Names.HISTORY_STORE, Names.SCHEDULE_STORE, Names.SCHEDULE_STATS_STORE, Names.AUTHOR_STORE,
                        Names.NEAR_DUP_STORE);
        var routes = out.split(Named.as(Names.OUT_SPLIT))
                .branch((k, v) -> v instanceof Routed.Event, Branched.as(Names.EVENTS_BRANCH))
                .branch((k, v) -> v instanceof Routed.Post, Branched.as(Names.POSTS_BRANCH))
                .branch((k, v) -> v instanceof Routed.Request, Branched.as(Names.REQUESTS_BRANCH))
                .defaultBranch(Branched.as(Names.LETTERS_BRANCH));
        routes.get(Names.OUT_SPLIT + Names.EVENTS_BRANCH)
                .<PostEvent>mapValues(v -> ((Routed.Event) v).event(), Named.as(Names.TO_EVENT))
                .to(topics.events(), Produced.with(keySerde, AfterimageSerdes.event()).withName(Names.EVENTS_SINK));
        routes.get(Names.OUT_SPLIT + Names.POSTS_BRANCH)
                .<PostRecord>mapValues(v -> ((Routed.Post) v).post(), Named.as(Names.TO_POST))
                .to(topics.posts(), Produced.with(keySerde, AfterimageSerdes.post()).withName(Names.POSTS_SINK));
        routes.get(Names.OUT_SPLIT + Names.REQUESTS_BRANCH)
                .<RecrawlRequest>mapValues(v -> ((Routed.Request) v).request(), Named.as(Names.TO_REQUEST))
                .to(topics.recrawlRequests(), Produced.with(keySerde, AfterimageSerdes.recrawlRequest()).withName(Names.REQUESTS_SINK));
        routes.get(Names.OUT_SPLIT + Names.LETTERS_BRANCH)
                .<DeadLetter>mapValues(v -> ((Routed.Letter) v).letter(), Named.as(Names.TO_LETTER))
                .to(topics.deadLetters(), Produced.with(keySerde, AfterimageSerdes.deadLetter()).withName(Names.DETECT_DEAD_LETTERS_SINK));
    }

    private static KeyValueBytesStoreSupplier store(String name, boolean persistent) {
        return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }
}
