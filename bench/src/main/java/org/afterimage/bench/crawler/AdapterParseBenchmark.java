package org.afterimage.bench.crawler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.Response;
import org.afterimage.model.Platform;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Adapter parse of a real fixture beside the bare parse of the same bytes (jsoup for HTML, Jackson tree for JSON):
 * the baseline is the floor no adapter can beat, so {@code adapter / bare} is the adapter's overhead.
 *
 * <pre>java -jar bench/target/benchmarks.jar AdapterParseBenchmark -jvmArgsAppend -Dafterimage.fixtures=../shared/fixtures</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class AdapterParseBenchmark {
    @Param({"telegram", "mastodon", "reddit", "twitter"})
    public String platform;

    private Adapter adapter;
    private Response response;
    private byte[] body;
    private boolean html;
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Setup
    public void setup() throws Exception {
        switch (platform) {
            case "telegram" -> {
                body = Inputs.file("telegram/full.html");   // 12 messages
                html = true;
                response = new Response("https://t.me/s/topwar_official", 200, Map.of(), body, null);
            }
            case "mastodon" -> {
                body = Inputs.cassetteBody("mastodon/test_list_timeline.yaml", "GET", "/timelines/list/6", 0);   // 7 statuses
                response = new Response("http://localhost:3000/api/v1/timelines/list/6", 200, Map.of(), body, null);
            }
            case "reddit" -> {
                body = Inputs.cassetteBody("reddit/TestComment.test_refresh.json", "GET", "/comments/54hhwl", 0);   // 3 posts
                response = new Response("https://oauth.reddit.com/comments/54hhwl/_/d81vwef", 200, Map.of(), body, null);
            }
            case "twitter" -> {
                body = Inputs.file("twitter-v2/media_policy_violation_on.jsonl");   // 100 tweets, one line
                response = new Response("", 200, Map.of(), body, null);
            }
            default -> throw new IllegalArgumentException(platform);
        }
        adapter = Adapters.of(Platform.of(platform));
        List<ParsedPost> posts = adapter.parse(response);
        if (posts.isEmpty()) throw new IllegalStateException("fixture gave no posts");
    }

    @Benchmark
    public List<ParsedPost> adapter() throws Exception {
        return adapter.parse(response);
    }

    @Benchmark
    public Object bare() throws Exception {
        if (html) {
            Document d = Jsoup.parse(new String(body, StandardCharsets.UTF_8), "https://t.me/");
            return d;
        }
        JsonNode n = JACKSON.readTree(body);
        return n;
    }
}
