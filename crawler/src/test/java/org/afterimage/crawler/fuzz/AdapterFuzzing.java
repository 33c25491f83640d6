package org.afterimage.crawler.fuzz;

import org.afterimage.testkit.fuzz.Bounded;
import org.afterimage.testkit.fuzz.Mutation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Charsets;
import org.afterimage.crawler.parse.Response;
import org.afterimage.model.PostKey;

/**
 * The properties every adapter is fuzzed with; one subclass per adapter names its target. Tries come from
 * {@code jqwik.tries.default} ({@code src/test/resources/junit-platform.properties}; a long campaign raises it with
 * {@code -Djqwik.tries.default=N}). Samples are edit lists, not bodies, so a failure report stays readable; the body
 * itself is saved under {@code target/fuzz-failures/}.
 */
abstract class AdapterFuzzing {
    final String target = target();
    final Adapter adapter = Corpus.adapter(target);
    final List<Response> seeds = Corpus.seeds(target);
    private final List<byte[]> bodies = seeds.stream().map(Response::body).toList();

    abstract String target();

    @Property
    void mutatedFixturesGiveResultsOrUnparseable(@ForAll("seed") int seed, @ForAll("edits") List<Mutation> edits,
                                                 @ForAll("status") int status, @ForAll("contentType") String contentType,
                                                 @ForAll boolean fetcherDecidesCharset) {
        Response s = seeds.get(seed);
        byte[] body = Mutation.apply(s.body(), edits, bodies);
        AdapterContract.holds(target, adapter, response(s.url(), status, contentType, body, fetcherDecidesCharset));
    }

    @Property
    void randomBytesGiveResultsOrUnparseable(@ForAll @Size(max = 4096) byte[] body, @ForAll("status") int status,
                                             @ForAll("contentType") String contentType) {
        AdapterContract.holds(target, adapter, response(seeds.get(0).url(), status, contentType, body, false));
    }

    @Property
    void randomTextGivesResultsOrUnparseable(@ForAll @StringLength(max = 2000) String text, @ForAll("seed") int seed) {
        AdapterContract.holds(target, adapter, Response.saved(seeds.get(seed).url(), 200, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** keyFor is called on every URL the crawler meets, redirects included: hostile URLs must not throw. */
    @Property
    void anyUrlHasAKeyOrNone(@ForAll("url") String url) {
        Bounded.Outcome<Optional<PostKey>> o = Bounded.call(target + " keyFor", () -> adapter.keyFor(url));
        if (o.thrown() != null) throw new AssertionError(target + ".keyFor(" + url + ") threw " + o.thrown(), o.thrown());
        o.value().ifPresent(adapter::postUrl);
    }

    static Response response(String url, int status, String contentType, byte[] body, boolean fetcherDecidesCharset) {
        Map<String, List<String>> headers = contentType.isEmpty() ? Map.of() : Map.of("Content-Type", List.of(contentType), "Retry-After", List.of(contentType));
        return new Response(url, status, headers, body, fetcherDecidesCharset ? Charsets.detect(contentType, body) : null);
    }

    @Provide
    Arbitrary<Integer> seed() {
        return Arbitraries.integers().between(0, seeds.size() - 1);
    }

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return Mutation.lists();
    }

    @Provide
    Arbitrary<Integer> status() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.just(200)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(404, 410, 403, 401, 429, 500, 503, 301, 302, 204)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-1, 1000)));
    }

    @Provide
    Arbitrary<String> contentType() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("text/html; charset=utf-8", "application/json", "text/html; charset=gb2312",
                        "text/html; charset=windows-1251", "text/html; charset=UTF-16", "text/xml; charset=x-nope", "Mon, 01 Jan 2024 00:00:00 GMT", "120")),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(80)));
    }

    @Provide
    Arbitrary<String> url() {
        Arbitrary<String> prefix = Arbitraries.of("", "https://t.me/", "https://t.me/s/", "https://mastodon.example/api/v1/statuses/",
                "https://m.example/@a/", "https://www.reddit.com/comments/", "https://www.reddit.com/api/info/?id=t1_",
                "https://api.x.com/2/tweets?ids=", "https://x.com/a/status/", "https://mp.weixin.qq.com/s/", "https://mp.weixin.qq.com/s?__biz=",
                "https://m.weibo.cn/statuses/show?id=", "https://m.weibo.cn/detail/", "https://forum.example/", "http://[::1", "file:///etc/passwd");
        Arbitrary<String> rest = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("0123456789abcdef_-/?&=#%.").ofMaxLength(300),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(40));
        return net.jqwik.api.Combinators.combine(prefix, rest).as(String::concat);
    }
}
