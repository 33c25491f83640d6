package org.afterimage.crawler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.afterimage.crawler.capture.WarcArchive;
import org.afterimage.crawler.fetch.HttpFetcher;
import org.afterimage.crawler.fetch.RewritingFetcher;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.crawler.parse.html.SiteProfile;
import org.afterimage.crawler.politeness.OptOutList;
import org.afterimage.crawler.politeness.PoliteFetcher;
import org.afterimage.crawler.publish.CapturePublisher;
import org.afterimage.crawler.publish.RecrawlConsumer;
import org.afterimage.model.Capture;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RecrawlRequest;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crawler service: lists watched sources on their schedules, fetches what {@code recrawl-requests} asks for
 * when it is due, archives every exchange as WARC under {@code dataDir/warc}, and publishes captures to
 * {@code captures}. Start with {@link #start}, stop with {@link #close} (waits briefly for fetches in flight).
 *
 * <p>Traps: topics must exist (create them with {@code TopicAdmin.ensure}); politeness is per host and per process,
 * so running several crawler processes multiplies the request rate a host sees. A recrawl request's offset is
 * committed only once its captures are acknowledged, so requests still waiting for their due time when the process
 * stops or dies are read again on restart (and the ones after them fetched twice: captures tolerate that).
 */
public final class Crawler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Crawler.class);
    private static final Runnable NOTHING = () -> { };

    private final CrawlerConfig config;
    private final HttpFetcher http;
    private final WarcArchive warc;
    private final Pipeline pipeline;
    private final CapturePublisher publisher;
    private final RecrawlConsumer consumer;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService scheduler;
    private final Semaphore inFlight;
    private final Thread consumerThread;
    private final Map<String, SiteProfile> profilesByHost = new HashMap<>();
    private final InstantSource clock;
    private final AtomicLong published = new AtomicLong();

    private Crawler(CrawlerConfig config, Topics topics, String bootstrapServers, Path dataDir, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        OptOutList optOut = config.optOutList();
        this.http = new HttpFetcher(config.fetchLimits(), clock);
        this.warc = new WarcArchive(dataDir, config.warc().rotateBytes(), config.warc().minFreeBytes(), config.instance());
        this.pipeline = new Pipeline(RewritingFetcher.over(new PoliteFetcher(http, config.politenessSettings(), optOut, clock), config.fetch().rewrite()),
                warc, optOut, clock, config.vantage());
        this.publisher = new CapturePublisher(bootstrapServers, topics, "afterimage-" + config.instance());
        this.inFlight = new Semaphore(config.kafka().concurrency());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("crawler-scheduler").factory());
        for (CrawlerConfig.Watch w : config.watch()) {
            if (optOut.blocksSource(w.platform(), w.source())) {
                log.info("watch {}:{} is opted out: skipped", w.platform().id(), w.source());
                continue;
            }
            Adapter adapter = adapterFor(w);
            String url = adapter.listUrl(w.source());
            // spread first listings over the period, so thousands of sources do not all start in the same second
            long every = w.every().toMillis();
            long first = Math.floorMod((long) (w.platform().id() + ":" + w.source()).hashCode(), every);
            scheduler.scheduleAtFixedRate(() -> submit(adapter, url, Optional.empty(), NOTHING), first, every, TimeUnit.MILLISECONDS);
        }
        this.consumer = new RecrawlConsumer(bootstrapServers, topics, config.kafka().groupId(), "afterimage-" + config.instance() + "-recrawl",
                this::onRecrawl, publisher, clock);
        this.consumerThread = Thread.ofPlatform().name("crawler-recrawl-consumer").start(consumer);
    }

    /** Starts the crawler. {@code dataDir} receives {@code warc/}. */
    public static Crawler start(CrawlerConfig config, Topics topics, String bootstrapServers, Path dataDir) {
        return new Crawler(config, topics, bootstrapServers, dataDir, InstantSource.system());
    }

    private Adapter adapterFor(CrawlerConfig.Watch w) {
        if (w.platform() != Platform.HTML) return Adapters.of(w.platform());
        try {
            SiteProfile p = SiteProfile.load(Path.of(w.profile()));
            profilesByHost.put(java.net.URI.create(Adapters.html(p).listUrl(w.source())).getHost(), p);
            return Adapters.html(p);
        } catch (IOException e) {
            throw new UncheckedIOException("watch " + w.source() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Schedules the request for its due time. {@code done} lets the consumer commit its offset: called once the
     * captures are acknowledged, so a request still waiting in the scheduler when the process dies is read again.
     */
    private void onRecrawl(RecrawlRequest r, Runnable done) {
        Adapter adapter;
        if (r.platform() == Platform.HTML) {
            SiteProfile p = profilesByHost.get(java.net.URI.create(r.url()).getHost());
            if (p == null) {
                log.warn("{}: no site profile for {}; skipped", r.key(), r.url());
                done.run();
                return;
            }
            adapter = Adapters.html(p);
        } else {
            adapter = Adapters.of(r.platform());
        }
        String url = recrawlUrl(adapter, r);
        long delay = Duration.between(clock.instant(), r.due()).toMillis();
        if (delay <= 0) submit(adapter, url, Optional.of(r.key()), done);
        else scheduler.schedule(() -> submit(adapter, url, Optional.of(r.key()), done), delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Where a recrawl looks. When the captured URL is on the platform's own site, the platform's single-post form
     * ({@link Adapter#postUrl}: Telegram's embed widget, the Mastodon and Reddit JSON APIs, ...), because the page a
     * listing linked to (the post's human page) often does not say whether the post is gone. Otherwise (feeds, HTML
     * sites, a mirror or a test server) the captured URL itself.
     */
    static String recrawlUrl(Adapter adapter, RecrawlRequest r) {
        return switch (r.platform()) {
            case TELEGRAM, MASTODON, REDDIT, TWITTER, WECHAT, WEIBO -> {
                try {
                    String single = adapter.postUrl(r.key());
                    String host = java.net.URI.create(single).getHost();
                    yield host != null && host.equalsIgnoreCase(java.net.URI.create(r.url()).getHost()) ? single : r.url();
                } catch (RuntimeException malformed) {
                    yield r.url();
                }
            }
            default -> r.url();
        };
    }

    /** Fetches, archives and publishes; runs {@code done} once Kafka has acknowledged every capture. */
    private void submit(Adapter adapter, String url, Optional<PostKey> key, Runnable done) {
        workers.submit(() -> {
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;   // shutting down: not done, so a recrawl request is read again after restart
            }
            List<Future<RecordMetadata>> acks;
            try {
                acks = publish(pipeline.capture(adapter, url, key));
            } catch (RuntimeException e) {
                // a bug, not a network failure (those are Unreachable captures): retrying after a restart would fail again
                log.error("capture of {} failed: {}", url, e.toString());
                done.run();
                return;
            } finally {
                inFlight.release();
            }
            try {
                for (Future<RecordMetadata> a : acks) a.get();
                done.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                log.error("captures of {} not acknowledged ({}); its recrawl request stays uncommitted", url, e.getCause().toString());
            }
        });
    }

    private List<Future<RecordMetadata>> publish(List<Capture> captures) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(captures.size());
        for (Capture c : captures) {
            acks.add(publisher.publish(c));
            published.incrementAndGet();
        }
        return acks;
    }

    /**
     * Fetches {@code url} now (politely), archives and publishes what it shows, and returns the captures. For the
     * CLI and tests; the service itself runs from watch lists and recrawl requests.
     */
    public List<Capture> fetchNow(Platform platform, String url) {
        List<Capture> captures = pipeline.capture(Adapters.of(platform), url, Optional.empty());
        publish(captures);
        publisher.flush();
        return captures;
    }

    /** Captures published since start. */
    public long publishedCount() {
        return published.get();
    }

    public CrawlerConfig config() {
        return config;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        consumer.close();
        try {
            consumerThread.join(Duration.ofSeconds(10));
            workers.shutdown();
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) workers.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.flush();
        publisher.close();
        warc.close();
        http.close();
    }
}
