package org.afterimage.crawler.fuzz;

import org.afterimage.testkit.fuzz.Bounded;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.afterimage.crawler.fetch.FetchLimits;
import org.afterimage.crawler.fetch.FetchResult;
import org.afterimage.crawler.fetch.HttpFetcher;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.parse.UnparseableException;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.UnreachableCause;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTML, XML and JSON bombs, and decompression bombs from a real (local) server: each is cut off at its limit with a
 * clear error, and the limit is the one configured (fetch.maxBodyBytes; the JSON StreamReadConstraints; jsoup's tree
 * depth), not an accident of heap size.
 */
class BombsTest {
    /** A small limit keeps the test light; the production default (10 MiB) is the same code path. */
    private static final long LIMIT = 1 << 20;
    private static final byte[] ZEROS = new byte[64 << 20];   // 64 MiB of zeros: ~64 KiB compressed
    private static HttpServer server;
    private static final AtomicInteger dtdHits = new AtomicInteger();
    private static byte[] gzipBomb, zlibBomb, rawDeflateBomb, doubleGzip;

    @BeforeAll
    static void start() throws IOException {
        gzipBomb = gzip(ZEROS);
        zlibBomb = deflate(ZEROS, false);
        rawDeflateBomb = deflate(ZEROS, true);
        doubleGzip = gzip(gzipBomb);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/gzip-bomb", ex -> send(ex, "gzip", gzipBomb));
        server.createContext("/deflate-bomb", ex -> send(ex, "deflate", zlibBomb));
        server.createContext("/raw-deflate-bomb", ex -> send(ex, "deflate", rawDeflateBomb));
        server.createContext("/gzip-gzip-bomb", ex -> send(ex, "gzip, gzip", doubleGzip));
        server.createContext("/br", ex -> send(ex, "br", new byte[] {0x1b, 0x03, 0x00, (byte) 0xf8, (byte) 0xa5, 0x40, 0x00}));
        server.createContext("/multi-member-gzip-bomb", ex -> {
            ByteArrayOutputStream members = new ByteArrayOutputStream();
            byte[] one = gzip(new byte[256 << 10]);
            for (int i = 0; i < 64; i++) members.writeBytes(one);   // each member small; together 16 MiB
            send(ex, "gzip", members.toByteArray());
        });
        server.createContext("/just-under", ex -> send(ex, "gzip", gzip(new byte[(int) LIMIT - 1])));
        server.createContext("/huge-plain", ex -> send(ex, null, new byte[(int) LIMIT * 4]));
        server.createContext("/evil.dtd", ex -> {
            dtdHits.incrementAndGet();
            send(ex, null, "<!ENTITY leak \"LEAKED-BY-DTD\">".getBytes(StandardCharsets.UTF_8));
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void send(HttpExchange ex, String encoding, byte[] body) throws IOException {
        if (encoding != null) ex.getResponseHeaders().add("Content-Encoding", encoding);
        ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, 0);   // chunked: no Content-Length to trust or to refuse early
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        } catch (IOException closedByClient) {
            // the fetcher hung up at its limit: that is the point
        }
    }

    private static byte[] gzip(byte[] in) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    private static byte[] deflate(byte[] in, boolean raw) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(b, new Deflater(9, raw))) {
            z.write(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    private static FetchResult fetch(String path) {
        FetchLimits limits = new FetchLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), LIMIT, 3, "afterimage-test (+https://example.org)");
        try (HttpFetcher f = new HttpFetcher(limits, InstantSource.system())) {
            return f.fetch(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
        }
    }

    private static FetchOutcome.Unreachable failed(FetchResult r) {
        assertThat(r).isInstanceOf(FetchResult.Failed.class);
        return ((FetchResult.Failed) r).unreachable();
    }

    @Test
    void gzipBombStopsAtMaxBodyBytes() {
        assertThat(gzipBomb.length).isLessThan((int) LIMIT);   // small on the wire: only the decoded size trips the limit
        FetchOutcome.Unreachable u = failed(fetch("/gzip-bomb"));
        assertThat(u.cause()).isEqualTo(UnreachableCause.TOO_LARGE);
        assertThat(u.detail()).contains("decompresses to over " + LIMIT);
    }

    @Test
    void zlibAndRawDeflateBombsStopAtMaxBodyBytes() {
        for (String path : List.of("/deflate-bomb", "/raw-deflate-bomb")) {
            FetchOutcome.Unreachable u = failed(fetch(path));
            assertThat(u.cause()).as(path).isEqualTo(UnreachableCause.TOO_LARGE);
            assertThat(u.detail()).as(path).contains("decompresses to over " + LIMIT);
        }
    }

    @Test
    void concatenatedGzipMembersCountTogether() {
        assertThat(failed(fetch("/multi-member-gzip-bomb")).cause()).isEqualTo(UnreachableCause.TOO_LARGE);
    }

    @Test
    void stackedOrUnsupportedEncodingsAreRefusedNotPassedOnRaw() {
        // we offer gzip and deflate only; brotli, or gzip twice (a bomb inside a bomb), is a clear error
        for (String path : List.of("/gzip-gzip-bomb", "/br")) {
            FetchOutcome.Unreachable u = failed(fetch(path));
            assertThat(u.cause()).as(path).isEqualTo(UnreachableCause.UNPARSEABLE);
            assertThat(u.detail()).as(path).contains("unsupported Content-Encoding");
        }
    }

    @Test
    void aBodyJustUnderTheLimitIsKept() {
        FetchResult r = fetch("/just-under");
        assertThat(r).isInstanceOf(FetchResult.Completed.class);
        assertThat(((FetchResult.Completed) r).exchange().response().body()).hasSize((int) LIMIT - 1);
    }

    @Test
    void anOversizedPlainBodyIsTooLarge() {
        FetchOutcome.Unreachable u = failed(fetch("/huge-plain"));
        assertThat(u.cause()).isEqualTo(UnreachableCause.TOO_LARGE);
        assertThat(u.detail()).contains("body over " + LIMIT);
    }

    // ---- markup and JSON bombs at the adapters ----

    private static List<ParsedPost> parseOrUnparseable(Adapter a, Response r) {
        Bounded.Outcome<List<ParsedPost>> o = Bounded.call(a.platform().id(), () -> a.parse(r));
        if (o.thrown() == null) return o.value();
        assertThat(o.thrown()).isInstanceOf(UnparseableException.class);
        return List.of();
    }

    @Test
    void deeplyNestedHtmlIsCutAtJsoupsDepthLimit() {
        String nested = "<div>".repeat(20_000) + "deep" + "</div>".repeat(20_000);   // 40x jsoup's limit
        Document d = Jsoup.parse(nested);
        int depth = 0;
        for (Element e = d.body(); e.childrenSize() > 0; e = e.child(0)) depth++;
        assertThat(depth).isLessThanOrEqualTo(512);   // jsoup's HTML tree builder keeps at most 512 open elements
        String page = "<html><body>" + nested + "<div class=\"tgme_widget_message\" data-post=\"chan/1\"><div class=\"tgme_widget_message_text\">t</div></div></body></html>";
        for (String target : List.of("telegram", "wechat", "html")) {
            parseOrUnparseable(Corpus.adapter(target), Response.saved("https://t.me/chan/1", 200, page.getBytes(StandardCharsets.UTF_8)));
        }
        String feed = "<rss><channel><item><title>" + "<b>".repeat(20_000) + "x</title><guid>g</guid></item></channel></rss>";
        parseOrUnparseable(Corpus.adapter("rss"), Response.saved("", 200, feed.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void hugeAttributesAndTextStayBounded() {
        String huge = "a".repeat(8 << 20);
        String page = "<html><body><div class=\"tgme_widget_message " + huge + "\" data-post=\"chan/" + huge + "\"><div class=\"tgme_widget_message_text\" title=\""
                + huge + "\">" + huge + "</div></div><article class=\"post\" data-id=\"" + huge + "\"><div class=\"body\">x</div></article></body></html>";
        for (String target : List.of("telegram", "wechat", "html", "rss")) {
            List<ParsedPost> posts = parseOrUnparseable(Corpus.adapter(target), Response.saved("https://t.me/chan/1", 200, page.getBytes(StandardCharsets.UTF_8)));
            for (ParsedPost p : posts) {
                assertThat(p.key().postId().length()).isLessThanOrEqualTo(org.afterimage.model.PostKey.MAX_ID_LENGTH);
                if (p.text() != null) assertThat(p.text().length()).isLessThanOrEqualTo(org.afterimage.model.Capture.MAX_TEXT);
            }
        }
    }

    @Test
    void billionLaughsInAFeedIsNeverExpanded() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE rss [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 12; i++) dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        dtd.append("]>");
        String rss = "<?xml version=\"1.0\"?>" + dtd + "<rss><channel><item><guid>g1</guid><title>&lol12;</title><description>&lol12;</description></item></channel></rss>";
        String atom = "<?xml version=\"1.0\"?>" + dtd.toString().replace("DOCTYPE rss", "DOCTYPE feed")
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>e1</id><title>&lol12;</title><content>&lol12;</content></entry></feed>";
        for (String feed : List.of(rss, atom)) {
            List<ParsedPost> posts = parseOrUnparseable(Corpus.adapter("rss"), Response.saved("https://blog.example/feed", 200, feed.getBytes(StandardCharsets.UTF_8)));
            assertThat(posts).hasSize(1);   // still read, entity left as text: 10^12 "lol"s would be 3 TB
            assertThat(posts.get(0).text().length()).isLessThan(feed.length());
            assertThat(posts.get(0).text()).doesNotContain("lollol");
        }
    }

    @Test
    void externalEntitiesAndDtdsAreNeverResolved(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-FILE-CONTENT");
        String dtdUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil.dtd";
        String feed = "<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"" + dtdUrl + "\" [<!ENTITY xxe SYSTEM \"" + secret.toUri()
                + "\"><!ENTITY % remote SYSTEM \"" + dtdUrl + "\"> %remote;]>"
                + "<rss><channel><item><guid>&xxe;</guid><title>&xxe;&leak;</title><link>&xxe;</link><dc:creator>&xxe;</dc:creator></item></channel></rss>";
        int before = dtdHits.get();
        List<ParsedPost> posts = parseOrUnparseable(Corpus.adapter("rss"), Response.saved("https://blog.example/feed", 200, feed.getBytes(StandardCharsets.UTF_8)));
        for (ParsedPost p : posts) {
            assertThat(String.join("|", p.key().postId(), p.url(), String.valueOf(p.author()), String.valueOf(p.text())))
                    .doesNotContain("TOP-SECRET").doesNotContain("LEAKED-BY-DTD");
        }
        assertThat(dtdHits.get()).as("the feed parser fetched an external DTD").isEqualTo(before);
    }

    @Test
    void jsonNestingIsCutAtTheStreamReadConstraint() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String deepObject = "{\"data\":".repeat(50_000) + "1" + "}".repeat(50_000);
        for (String target : List.of("mastodon", "reddit", "twitter", "weibo")) {
            Adapter a = Corpus.adapter(target);
            for (String body : List.of(deep, deepObject)) {
                Bounded.Outcome<List<ParsedPost>> o = Bounded.call(target, () -> a.parse(Response.saved("", 200, body.getBytes(StandardCharsets.UTF_8))));
                assertThat(o.thrown()).as(target).isInstanceOf(UnparseableException.class);
                assertThat(o.thrown().getMessage()).as(target).contains("nesting depth");
            }
        }
    }

    @Test
    void hugeJsonNumbersAndStringsAreClearErrors() {
        String longNumber = "{\"id\":" + "9".repeat(10_000) + "}";
        for (String target : List.of("mastodon", "reddit", "twitter", "weibo")) {
            Bounded.Outcome<List<ParsedPost>> o = Bounded.call(target, () -> Corpus.adapter(target).parse(Response.saved("", 200, longNumber.getBytes(StandardCharsets.UTF_8))));
            assertThat(o.thrown()).as(target).isInstanceOf(UnparseableException.class);
        }
    }

    @Test
    void theConfiguredLimitIsWhatTheFetcherUses() {
        var config = org.afterimage.crawler.CrawlerConfig.fromYaml("fetch: {maxBodyBytes: 2048}");
        assertThat(config.fetchLimits().maxBodyBytes()).isEqualTo(2048);
        assertThat(org.afterimage.crawler.CrawlerConfig.defaults().fetchLimits().maxBodyBytes()).isEqualTo(10L << 20);
    }
}
