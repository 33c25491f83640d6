package org.afterimage.search.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterParserTest {
    final FilterParser p = new FilterParser(1000, 100);

    private Filter posts(Map<String, List<String>> m) {
        return p.parse(m, FilterParser.Target.POSTS);
    }

    private static void refused(Runnable r, String param) {
        assertThatThrownBy(r::run).isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo(param));
    }

    @Test
    void parsesEveryFilter() {
        Filter f = posts(Map.of("q", List.of("维权"), "platform", List.of("weibo,WECHAT"), "status", List.of("removed"),
                "reason", List.of("censored"), "minProbability", List.of("0.5"), "from", List.of("2018-07-01"),
                "to", List.of("2018-07-31"), "sort", List.of("probability"), "size", List.of("100"), "author", List.of("a")));
        assertThat(f.q()).isEqualTo("\"维权\"");
        assertThat(f.platforms()).containsExactly("weibo", "wechat");
        assertThat(f.statuses()).containsExactly("removed");
        assertThat(f.reasons()).containsExactly("CENSORED");
        assertThat(f.minProbability()).contains(0.5);
        assertThat(f.from()).contains(Instant.parse("2018-07-01T00:00:00Z"));
        assertThat(f.to()).contains(Instant.parse("2018-07-31T23:59:59.999Z"));
        assertThat(f.sort()).isEqualTo(Sort.PROBABILITY);
        assertThat(f.size()).isEqualTo(100);
        assertThat(f.includeHidden()).isFalse();
    }

    @Test
    void defaults() {
        Filter f = posts(Map.of());
        assertThat(f.size()).isEqualTo(20);
        assertThat(f.sort()).isEqualTo(Sort.PUBLISHED);
        assertThat(p.parse(Map.of(), FilterParser.Target.EVENTS).sort()).isEqualTo(Sort.DETECTED);
    }

    @Test
    void unknownParameterIsNamed() {
        refused(() -> posts(Map.of("pgae", List.of("2"))), "pgae");
        refused(() -> posts(Map.of("type", List.of("removal"))), "type");          // events only
        refused(() -> posts(Map.of("x".repeat(5000), List.of("1"))), "x".repeat(60) + "…");
    }

    @Test
    void wrongTypesAndRangesAreNamed() {
        refused(() -> posts(Map.of("size", List.of("101"))), "size");
        refused(() -> posts(Map.of("size", List.of("0"))), "size");
        refused(() -> posts(Map.of("size", List.of("ten"))), "size");
        refused(() -> posts(Map.of("minProbability", List.of("1.5"))), "minProbability");
        refused(() -> posts(Map.of("minProbability", List.of("NaN"))), "minProbability");
        refused(() -> posts(Map.of("from", List.of("yesterday"))), "from");
        refused(() -> posts(Map.of("from", List.of("2020-01-02"), "to", List.of("2020-01-01"))), "from");
        refused(() -> posts(Map.of("platform", List.of("myspace"))), "platform");
        refused(() -> posts(Map.of("status", List.of("gone"))), "status");
        refused(() -> posts(Map.of("reason", List.of("aliens"))), "reason");
        refused(() -> posts(Map.of("sort", List.of("random"))), "sort");
        refused(() -> posts(Map.of("sort", List.of("relevance"))), "sort");            // needs q
        refused(() -> posts(Map.of("size", List.of("1", "2"))), "size");
        refused(() -> posts(Map.of("author", List.of(""))), "author");
        refused(() -> p.parse(Map.of("type", List.of("explosion")), FilterParser.Target.EVENTS), "type");
    }

    @Test
    void hostileSizesAreBounded() {
        refused(() -> posts(Map.of("q", List.of("x".repeat(1001)))), "q");
        refused(() -> posts(Map.of("author", List.of("a".repeat(600)))), "author");
        refused(() -> posts(Map.of("platform", List.of(String.join(",", java.util.Collections.nCopies(25, "weibo"))))), "platform");
    }

    @Test
    void invalidCursorsAreNamed() {
        refused(() -> posts(Map.of("cursor", List.of("not-base64!!"))), "cursor");
        refused(() -> posts(Map.of("cursor", List.of("eyJ4IjoxfQ"))), "cursor");     // {"x":1}
        refused(() -> posts(Map.of("cursor", List.of("A".repeat(5000)))), "cursor");
    }

    @Test
    void cursorRoundTrips() {
        Cursor c = new Cursor("abc", List.of(1530000000000L, 0.5, "wechat:mp/1"));
        assertThat(Cursor.decode(c.encode())).isEqualTo(c);
    }

    @Test
    void fingerprintDiffersByQueryNotByPage() {
        Filter a = posts(Map.of("q", List.of("x")));
        Filter b = posts(Map.of("q", List.of("x"), "size", List.of("5")));
        Filter c = posts(Map.of("q", List.of("y")));
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint());
        assertThat(a.fingerprint()).isNotEqualTo(a.withIncludeHidden(true).fingerprint());
    }
}
