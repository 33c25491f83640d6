package org.afterimage.crawler.fetch;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.afterimage.crawler.parse.Response;

/**
 * Fetches URLs under a configured prefix from another prefix ({@code fetch.rewrite}: the demo's local replay
 * platform, a mirror). Sits above the polite fetcher, so robots.txt, the per-host interval and the WARC record all
 * belong to the URL actually fetched; the response handed on carries the original URL again, so the adapters name
 * posts exactly as they would on the platform itself.
 */
public final class RewritingFetcher implements Fetcher {
    private final Fetcher inner;
    /** Longest prefix first, so a more specific rule wins. */
    private final List<Map.Entry<String, String>> rules;

    private RewritingFetcher(Fetcher inner, Map<String, String> rules) {
        this.inner = inner;
        this.rules = rules.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }

    /** {@code inner} itself when there are no rules. */
    public static Fetcher over(Fetcher inner, Map<String, String> rules) {
        return rules.isEmpty() ? inner : new RewritingFetcher(inner, rules);
    }

    @Override
    public FetchResult fetch(URI uri) {
        String original = uri.toString();
        for (Map.Entry<String, String> rule : rules) {
            if (!original.startsWith(rule.getKey())) continue;
            URI target;
            try {
                target = URI.create(rule.getValue() + original.substring(rule.getKey().length()));
            } catch (IllegalArgumentException e) {
                return inner.fetch(uri);
            }
            FetchResult result = inner.fetch(target);
            if (!(result instanceof FetchResult.Completed c)) return result;
            Exchange e = c.exchange();
            Response r = e.response();
            String back = r.url().startsWith(rule.getValue()) ? rule.getKey() + r.url().substring(rule.getValue().length()) : r.url();
            return new FetchResult.Completed(new Exchange(e.uri(), e.fetchedAt(), e.method(), e.requestHeaders(), e.httpVersion(),
                    new Response(back, r.status(), r.headers(), r.body(), r.charset()), e.rawBody()));
        }
        return inner.fetch(uri);
    }
}
