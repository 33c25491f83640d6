package org.afterimage.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.afterimage.model.Capture;
import org.afterimage.model.Evidence;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.UnreachableCause;
import org.junit.jupiter.api.Test;

/**
 * The decoded-history cache and the in-memory due list are speed-ups only: one scripted stream of captures (sightings,
 * edits, removals, lone 404s, errors, restorations; 60 posts of long texts, so a 1 MiB cache evicts all the time) and ticks
 * must give exactly the same events, post records, recrawl requests and stored histories with or without them.
 */
class CachesChangeNothingTest {
    private static final Duration TICK = Duration.ofSeconds(30);
    /** Long texts, so that a 1 MiB cache holds only some of the 60 histories and evicts all the time. */
    private static final String LONG = " word".repeat(3000);

    @Test
    void historyCacheAndInMemoryDueListGiveTheSameOutputs() {
        List<String> reference = run(Map.of("processing.historyCacheMiB", "0", "processing.dueListInMemory", "false"));
        assertThat(reference).hasSizeGreaterThan(500);
        assertThat(run(Map.of("processing.historyCacheMiB", "1", "processing.dueListInMemory", "false"))).isEqualTo(reference);
        assertThat(run(Map.of("processing.historyCacheMiB", "4", "processing.dueListInMemory", "true"))).isEqualTo(reference);
    }

    private static List<String> run(Map<String, String> settings) {
        List<String> out = new ArrayList<>();
        Random rnd = new Random(42);
        try (DetectorDriver d = new DetectorDriver(settings)) {
            for (int step = 0; step < 400; step++) {
                Instant at = d.now;
                for (int n = 0; n < 5; n++) {
                    int post = rnd.nextInt(60);
                    PostKey key = PostKey.of(Platform.TELEGRAM, "chan/" + post);
                    String url = "https://t.me/chan/" + post;
                    int roll = rnd.nextInt(100);
                    Capture c;
                    if (roll < 70) {
                        c = Capture.present(key, url, at, "author" + post % 7, "text of " + post + LONG + (roll < 8 ? " edited " + step : ""),
                                DetectorDriver.T0, null);
                    } else if (roll < 80) {
                        c = Capture.of(key, url, at, FetchOutcome.gone(RemovalReason.NOT_FOUND, new Evidence(404, "", "", "")));
                    } else if (roll < 90) {
                        c = Capture.of(key, url, at, FetchOutcome.gone(RemovalReason.CENSORED, new Evidence(200, "s", "censored", "")));
                    } else {
                        c = Capture.of(key, url, at, new FetchOutcome.Unreachable(UnreachableCause.values()[0], "x"));
                    }
                    d.capture(c);
                }
                d.advance(TICK, TICK);
            }
            d.events().forEach(e -> out.add("event " + e));
            d.posts.readValuesToList().forEach(p -> out.add("post " + p));
            d.requests.readValuesToList().forEach(r -> out.add("request " + r));
            for (int post = 0; post < 60; post++) out.add("history " + d.history(PostKey.of(Platform.TELEGRAM, "chan/" + post)));
        }
        return out;
    }
}
