package org.afterimage.crawler.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.afterimage.crawler.parse.Charsets;
import org.afterimage.crawler.parse.Response;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.UnreachableCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches with the JDK {@link HttpClient} (HTTP/2 when the server offers it) on virtual threads. Redirects are
 * followed here, hop by hop, so that each hop passes the {@link HopGuard} and a loop is recognised. The body is
 * read under a hard deadline (a watchdog closes the stream, so a server that stops sending cannot hold a thread) and
 * a hard size limit, before and after gzip/deflate decoding. Nothing here throws for network trouble.
 */
public final class HttpFetcher implements Fetcher, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpFetcher.class);

    private final HttpClient client;
    private final ExecutorService executor;
    private final ScheduledExecutorService watchdog;
    private final FetchLimits limits;
    private final InstantSource clock;

    public HttpFetcher(FetchLimits limits, InstantSource clock) {
        this.limits = limits;
        this.clock = clock;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("fetch-watchdog").factory());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(limits.connectTimeout())
                .executor(executor)
                .build();
    }

    @Override
    public FetchResult fetch(URI start) {
        return fetch(start, HopGuard.ALLOW_ALL);
    }

    /** Fetches {@code start}, asking {@code guard} before every hop. */
    public FetchResult fetch(URI start, HopGuard guard) {
        URI uri = start;
        Set<URI> seen = new HashSet<>();
        for (int hop = 0; ; hop++) {
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                return failed(UnreachableCause.OTHER, "not an http(s) URL: " + abbreviate(uri.toString()));
            }
            if (!seen.add(uri.normalize())) return failed(UnreachableCause.REDIRECT_LOOP, "redirect loop back to " + abbreviate(uri.toString()));
            if (hop > limits.maxRedirects()) return failed(UnreachableCause.REDIRECT_LOOP, "more than " + limits.maxRedirects() + " redirects");
            Optional<FetchOutcome.Unreachable> refused = guard.check(uri);
            if (refused.isPresent()) return new FetchResult.Failed(refused.get());
            FetchResult r = once(uri);
            if (r instanceof FetchResult.Completed c && isRedirect(c.exchange().response().status())) {
                Optional<String> location = c.exchange().response().header("Location");
                if (location.isEmpty()) return r;   // a 3xx without Location: the adapter sees it and reports Unreachable
                try {
                    uri = uri.resolve(location.get().strip());
                } catch (IllegalArgumentException e) {
                    return failed(UnreachableCause.OTHER, "bad redirect Location " + abbreviate(location.get()));
                }
                continue;
            }
            return r;
        }
    }

    private static boolean isRedirect(int s) {
        return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
    }

    private FetchResult once(URI uri) {
        Instant at = clock.instant();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .timeout(limits.totalTimeout())
                    .header("User-Agent", limits.userAgent())
                    .header("Accept-Encoding", "gzip, deflate")
                    .header("Accept", "text/html,application/xhtml+xml,application/json,application/xml;q=0.9,*/*;q=0.8")
                    .GET().build();
        } catch (IllegalArgumentException e) {
            return failed(UnreachableCause.OTHER, "bad URL: " + e.getMessage());
        }
        long deadline = System.nanoTime() + limits.totalTimeout().toNanos();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            return failed(UnreachableCause.TIMEOUT, "connect timeout to " + uri.getHost());
        } catch (HttpTimeoutException e) {
            return failed(UnreachableCause.TIMEOUT, "no response headers within " + limits.totalTimeout());
        } catch (ConnectException e) {
            return failed(UnreachableCause.CONNECTION, "cannot connect to " + uri.getHost() + ": " + e.getMessage());
        } catch (IOException e) {
            return failed(UnreachableCause.CONNECTION, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(UnreachableCause.OTHER, "interrupted");
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        InputStream body = response.body();
        long remainingNanos = Math.max(1, deadline - System.nanoTime());
        ScheduledFuture<?> cut = watchdog.schedule(() -> {
            timedOut.set(true);
            try {
                body.close();   // unblocks a read that is waiting for bytes that never come
            } catch (IOException ignored) {
                // closing is best effort; the read sees the close either way
            }
        }, remainingNanos, TimeUnit.NANOSECONDS);
        byte[] raw;
        try (body) {
            raw = readLimited(body, limits.maxBodyBytes());
        } catch (TooLargeException e) {
            return failed(UnreachableCause.TOO_LARGE, "body over " + limits.maxBodyBytes() + " bytes");
        } catch (IOException e) {
            if (timedOut.get()) return failed(UnreachableCause.TIMEOUT, "body not complete within " + limits.totalTimeout());
            return failed(UnreachableCause.CONNECTION, "body read failed: " + e.getMessage());
        } finally {
            cut.cancel(false);
        }
        if (timedOut.get()) return failed(UnreachableCause.TIMEOUT, "body not complete within " + limits.totalTimeout());
        HttpHeaders h = response.headers();
        String encoding = h.firstValue("Content-Encoding").orElse("identity").strip().toLowerCase(Locale.ROOT);
        byte[] decoded;
        try {
            decoded = decode(raw, encoding, limits.maxBodyBytes());
        } catch (TooLargeException e) {
            return failed(UnreachableCause.TOO_LARGE, "body decompresses to over " + limits.maxBodyBytes() + " bytes");
        } catch (IOException e) {
            return failed(UnreachableCause.UNPARSEABLE, "bad " + encoding + " body: " + e.getMessage());
        }
        Map<String, List<String>> headers = new LinkedHashMap<>(h.map());
        headers.remove(":status");
        String contentType = h.firstValue("Content-Type").orElse("");
        Response r = new Response(uri.toString(), response.statusCode(), headers, decoded, Charsets.detect(contentType, decoded));
        Map<String, List<String>> sent = new LinkedHashMap<>(request.headers().map());
        String version = response.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1";
        log.debug("fetched {} -> {} ({} bytes)", uri, response.statusCode(), decoded.length);
        return new FetchResult.Completed(new Exchange(uri, at, "GET", sent, version, r, raw));
    }

    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
    }

    static byte[] readLimited(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            total += n;
            if (total > max) throw new TooLargeException();
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    static byte[] decode(byte[] raw, String encoding, long max) throws IOException {
        switch (encoding) {
            case "identity", "", "none" -> {
                return raw;
            }
            case "gzip", "x-gzip" -> {
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw), 8192)) {
                    return readLimited(in, max);
                } catch (ZipException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            case "deflate" -> {
                // servers send either zlib-wrapped or raw deflate under this name; try zlib first
                try (InputStream in = new InflaterInputStream(new java.io.ByteArrayInputStream(raw), new Inflater(false))) {
                    return readLimited(in, max);
                } catch (ZipException e) {
                    try (InputStream in = new InflaterInputStream(new java.io.ByteArrayInputStream(raw), new Inflater(true))) {
                        return readLimited(in, max);
                    } catch (ZipException e2) {
                        throw new IOException(e2.getMessage(), e2);
                    }
                }
            }
            default -> throw new IOException("unsupported Content-Encoding '" + abbreviate(encoding) + "'");
        }
    }

    private static FetchResult failed(UnreachableCause cause, String detail) {
        return new FetchResult.Failed(new FetchOutcome.Unreachable(cause, detail));
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        client.close();
        executor.shutdownNow();
    }
}
