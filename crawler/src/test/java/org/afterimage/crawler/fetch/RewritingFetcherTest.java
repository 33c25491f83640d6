package org.afterimage.crawler.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.afterimage.crawler.parse.Response;
import org.junit.jupiter.api.Test;

class RewritingFetcherTest {
    private final List<URI> asked = new ArrayList<>();
    private final Fetcher echo = uri -> {
        asked.add(uri);
        return new FetchResult.Completed(new Exchange(uri, Instant.EPOCH, "GET", Map.of(), "HTTP/1.1",
                new Response(uri.toString(), 200, Map.of(), new byte[0], null), new byte[0]));
    };

    @Test
    void fetchesFromTheReplacementButHandsOnTheOriginalUrl() {
        Fetcher f = RewritingFetcher.over(echo, Map.of("https://t.me/", "http://127.0.0.1:8081/telegram/",
                "https://t.me/s/", "http://127.0.0.1:8081/channels/"));
        FetchResult.Completed c = (FetchResult.Completed) f.fetch(URI.create("https://t.me/durov/5?embed=1"));
        assertThat(asked).containsExactly(URI.create("http://127.0.0.1:8081/telegram/durov/5?embed=1"));
        assertThat(c.exchange().uri()).isEqualTo(URI.create("http://127.0.0.1:8081/telegram/durov/5?embed=1"));
        assertThat(c.exchange().response().url()).isEqualTo("https://t.me/durov/5?embed=1");
        // the longest prefix wins
        f.fetch(URI.create("https://t.me/s/durov"));
        assertThat(asked.get(1)).isEqualTo(URI.create("http://127.0.0.1:8081/channels/durov"));
    }

    @Test
    void leavesOtherUrlsAndNoRulesAlone() {
        assertThat(RewritingFetcher.over(echo, Map.of())).isSameAs(echo);
        RewritingFetcher.over(echo, Map.of("https://t.me/", "http://127.0.0.1:1/")).fetch(URI.create("https://www.reddit.com/r/x/new.json"));
        assertThat(asked).containsExactly(URI.create("https://www.reddit.com/r/x/new.json"));
    }
}
