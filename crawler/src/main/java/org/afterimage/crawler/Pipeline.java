package org.afterimage.crawler;

import java.io.IOException;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.afterimage.crawler.capture.WarcArchive;
import org.afterimage.crawler.fetch.FetchResult;
import org.afterimage.crawler.fetch.Fetcher;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.parse.UnparseableException;
import org.afterimage.crawler.politeness.OptOutList;
import org.afterimage.model.Capture;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.PostKey;
import org.afterimage.model.UnreachableCause;
import org.afterimage.model.WarcRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One URL through the stages: fetch (politely) → archive the exchange in the WARC → parse with the platform's adapter
 * → captures carrying the WARC reference. No Kafka here, so benchmarks and tests can drive it directly; the
 * {@link Crawler} publishes what it returns.
 */
public final class Pipeline {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final Fetcher fetcher;
    private final WarcArchive warc;
    private final OptOutList optOut;
    private final InstantSource clock;
    private final String vantage;
    private final ArchiveFailures archiveFailures;

    public Pipeline(Fetcher fetcher, WarcArchive warc, OptOutList optOut, InstantSource clock, String vantage) {
        this.fetcher = fetcher;
        this.warc = warc;
        this.optOut = optOut;
        this.clock = clock;
        this.vantage = vantage;
        this.archiveFailures = new ArchiveFailures(clock);
    }

    /**
     * Captures what {@code url} shows. {@code expected} names the post a single-post URL is about (from a recrawl
     * request or the adapter), so that a failed fetch still yields an {@code Unreachable} capture for it.
     */
    public List<Capture> capture(Adapter adapter, String url, Optional<PostKey> expected) {
        Optional<PostKey> key = expected.or(() -> adapter.keyFor(url));
        if (key.isPresent() && optOut.blocksKey(key.get())) {
            log.info("{} is opted out: not fetched", key.get());
            return List.of();
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return key.map(k -> List.of(unreachable(k, url, new FetchOutcome.Unreachable(UnreachableCause.OTHER, "bad URL: " + e.getMessage()))))
                    .orElse(List.of());
        }
        FetchResult result = fetcher.fetch(uri);
        return switch (result) {
            case FetchResult.Failed f -> {
                if (f.unreachable().cause() == UnreachableCause.OPTED_OUT || key.isEmpty()) {
                    log.info("{} not captured: {} {}", url, f.unreachable().cause(), f.unreachable().detail());
                    yield List.of();
                }
                yield List.of(unreachable(key.get(), url, f.unreachable()));
            }
            case FetchResult.Completed c -> completed(adapter, url, key, c);
        };
    }

    private List<Capture> completed(Adapter adapter, String url, Optional<PostKey> key, FetchResult.Completed c) {
        WarcRef ref = null;
        try {
            ref = warc.write(c.exchange());
            archiveFailures.succeeded();
        } catch (IOException e) {
            // the capture is still a true observation; it only lacks its archived bytes, and says so by warc == null
            archiveFailures.failed(url, e.getMessage());
        }
        Response r = c.exchange().response();
        List<ParsedPost> posts;
        try {
            posts = adapter.parse(r);
        } catch (UnparseableException e) {
            if (e.outcome().isEmpty()) log.warn("{} ({}) unparseable: {}", url, adapter.platform().id(), e.getMessage());
            if (key.isEmpty()) return List.of();
            // the adapter may know the outcome (404, 429...) but not the post, which the request names
            FetchOutcome o = e.outcome().orElse(new FetchOutcome.Unreachable(UnreachableCause.UNPARSEABLE, e.getMessage()));
            Capture u = Capture.of(key.get(), url, c.exchange().fetchedAt(), o).withVantage(vantage);
            return List.of(ref == null ? u : u.withWarc(ref));
        }
        List<Capture> out = new ArrayList<>(posts.size());
        for (ParsedPost p : posts) {
            if (optOut.blocksKey(p.key()) || optOut.blocksAuthor(p.key().platform(), p.author())) continue;
            out.add(p.toCapture(c.exchange().fetchedAt(), ref, vantage));
        }
        return out;
    }

    private Capture unreachable(PostKey key, String url, FetchOutcome.Unreachable u) {
        return Capture.of(key, url, clock.instant(), u).withVantage(vantage);
    }
}
