package org.afterimage.bench.crawler;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.afterimage.crawler.Crawler;
import org.afterimage.crawler.CrawlerConfig;
import org.afterimage.crawler.Pipeline;
import org.afterimage.crawler.capture.WarcArchive;
import org.afterimage.crawler.fetch.FetchLimits;
import org.afterimage.crawler.fetch.HttpFetcher;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.crawler.politeness.OptOutList;
import org.afterimage.crawler.politeness.PoliteFetcher;
import org.afterimage.crawler.politeness.PolitenessSettings;
import org.afterimage.model.Capture;
import org.afterimage.model.Platform;
import org.afterimage.model.kafka.Topics;

/**
 * End to end: pages fetched, archived (WARC) and parsed per second against a local server with politeness off,
 * beside a bare HttpClient loop on the same server and pages; then the heap held per 10,000 watched sources by a
 * started {@link Crawler} (needs Kafka at {@code KAFKA_BOOTSTRAP_SERVERS}, default 127.0.0.1:19092; nothing is sent).
 *
 * <pre>java -Dafterimage.fixtures=../shared/fixtures -cp bench/target/benchmarks.jar org.afterimage.bench.crawler.FetchCaptureBench [pages] [concurrency]</pre>
 */
public final class FetchCaptureBench {
    private FetchCaptureBench() {
    }

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        byte[] page = Inputs.file("telegram/message_text.html");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try (ex) {
                if (ex.getRequestURI().getPath().equals("/robots.txt")) {
                    byte[] r = "User-agent: *\nDisallow: /private/\n".getBytes();
                    ex.sendResponseHeaders(200, r.length);
                    ex.getResponseBody().write(r);
                    return;
                }
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, page.length);
                ex.getResponseBody().write(page);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        System.out.printf("pages=%d concurrency=%d page=%d bytes%n", pages, concurrency, page.length);
        try {
            for (int round = 0; round < 2; round++) {   // round 0 warms up both paths
                double bare = bare(base, pages, concurrency);
                double full = pipeline(base, pages, concurrency);
                if (round == 1) {
                    System.out.printf("bare HttpClient loop:         %.0f pages/s%n", bare);
                    System.out.printf("fetch+WARC+parse (Pipeline):  %.0f pages/s%n", full);
                    System.out.printf("ratio pipeline/bare:          %.2f%n", full / bare);
                }
            }
        } finally {
            server.stop(0);
        }
        memoryPerWatchedSources(100_000);
    }

    static double bare(String base, int pages, int concurrency) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore s = new Semaphore(concurrency);
            AtomicLong bytes = new AtomicLong();
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < pages; i++) {
                URI u = URI.create(base + "/t/durov/" + i);
                fs.add(pool.submit(() -> {
                    s.acquire();
                    try {
                        bytes.addAndGet(client.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofByteArray()).body().length);
                    } finally {
                        s.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
            return pages / ((System.nanoTime() - t0) / 1e9);
        }
    }

    static double pipeline(String base, int pages, int concurrency) throws Exception {
        Path dir = Files.createTempDirectory("afterimage-bench");
        PolitenessSettings off = new PolitenessSettings(Duration.ZERO, Map.of(), Duration.ZERO, Duration.ofHours(24), Duration.ofMinutes(10),
                1, Duration.ofMillis(10), Duration.ofSeconds(1), 100, 100f, Duration.ofSeconds(1), Duration.ofMinutes(1), "afterimage");
        try (HttpFetcher http = new HttpFetcher(new FetchLimits(Duration.ofSeconds(5), Duration.ofSeconds(30), 10 << 20, 5, "afterimage-bench (+https://example.org)"), InstantSource.system());
             WarcArchive warc = new WarcArchive(dir, 1L << 30, "bench");
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Pipeline p = new Pipeline(new PoliteFetcher(http, off, OptOutList.EMPTY, InstantSource.system()), warc, OptOutList.EMPTY, InstantSource.system(), "bench");
            Adapter telegram = Adapters.of(Platform.TELEGRAM);
            Semaphore s = new Semaphore(concurrency);
            AtomicLong captures = new AtomicLong();
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < pages; i++) {
                String u = base + "/t/durov/" + i;
                fs.add(pool.submit(() -> {
                    s.acquire();
                    try {
                        List<Capture> c = p.capture(telegram, u, Optional.empty());
                        if (c.isEmpty() || c.get(0).warc() == null) throw new IllegalStateException("no capture for " + u);
                        captures.addAndGet(c.size());
                    } finally {
                        s.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
            double rate = pages / ((System.nanoTime() - t0) / 1e9);
            long warcBytes;
            try (var files = Files.list(dir.resolve("warc"))) {
                warcBytes = files.mapToLong(f -> f.toFile().length()).sum();
            }
            if (pages > 0 && captures.get() != pages) throw new IllegalStateException("captures " + captures.get() + " != " + pages);
            System.out.printf("  (pipeline wrote %d captures, %d WARC bytes)%n", captures.get(), warcBytes);
            return rate;
        }
    }

    static void memoryPerWatchedSources(int n) throws Exception {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
        List<CrawlerConfig.Watch> watch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) watch.add(new CrawlerConfig.Watch(Platform.TELEGRAM, "channel_" + i, Duration.ofDays(1), null));
        Path dir = Files.createTempDirectory("afterimage-bench-mem");
        CrawlerConfig empty = CrawlerConfig.defaults().withInstance("bench-mem");
        Topics topics = Topics.in("afterimage-bench-mem");
        long before;
        long after;
        // measured while each crawler runs; many sources so the signal stands above GC noise, reported per 10,000
        try (Crawler c0 = Crawler.start(empty, topics, bootstrap, dir)) {
            before = used();
        }
        try (Crawler c = Crawler.start(empty.withWatch(watch), topics, bootstrap, dir)) {
            after = used();
        }
        double perSource = (after - before) / (double) n;
        System.out.printf("heap for %d watched sources: %.1f MiB; per 10,000 sources: %.2f MiB (%.0f bytes/source)%n",
                n, (after - before) / 1048576.0, perSource * 10_000 / 1048576.0, perSource);
    }

    private static long used() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
