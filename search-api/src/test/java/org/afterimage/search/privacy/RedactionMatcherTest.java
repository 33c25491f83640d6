package org.afterimage.search.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.afterimage.model.PostKey;
import org.afterimage.model.Redaction;
import org.afterimage.search.privacy.RedactionMatcher.Match;
import org.junit.jupiter.api.Test;

class RedactionMatcherTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static RedactionMatcher of(Redaction... r) {
        return RedactionMatcher.of(List.of(r));
    }

    @Test
    void keyMatchesExactlyThatPost() {
        RedactionMatcher m = of(Redaction.ofKey(PostKey.parse("weibo:123"), "asked", "key:a", T, "", List.of()));
        assertThat(m.match("weibo:123", null, null)).isEqualTo(Match.KEY);
        assertThat(m.match("weibo:1234", null, null)).isEqualTo(Match.NONE);
        assertThat(m.match("reddit:123", null, null)).isEqualTo(Match.NONE);
        assertThat(m.match(null, null, null)).isEqualTo(Match.NONE);
    }

    @Test
    void authorMatchesAuthorFieldAndChannelKeysOfThatPlatformOnly() {
        RedactionMatcher m = of(Redaction.ofAuthor("Telegram:@Durov", "opt-out", "system:opt-out", T));
        assertThat(m.match("telegram:other/1", "durov", null)).isEqualTo(Match.AUTHOR);
        assertThat(m.match("telegram:other/1", "@DUROV", null)).isEqualTo(Match.AUTHOR);
        assertThat(m.match("telegram:Durov/77", null, null)).isEqualTo(Match.AUTHOR);
        assertThat(m.match("telegram:durovfan/77", null, null)).isEqualTo(Match.NONE);
        assertThat(m.match("telegram:other/1", "durovfan", null)).isEqualTo(Match.NONE);
        assertThat(m.match("reddit:abc", "durov", null)).isEqualTo(Match.NONE);   // another platform's durov
    }

    @Test
    void hostMatchesUrlHostAndSubdomainsNotLookalikes() {
        RedactionMatcher m = of(Redaction.ofHost("Example.org", "opt-out", "system:opt-out", T));
        assertThat(m.match("weibo:1", null, "https://example.org/a")).isEqualTo(Match.HOST);
        assertThat(m.match("weibo:1", null, "https://m.EXAMPLE.org:8443/a?b")).isEqualTo(Match.HOST);
        assertThat(m.match("weibo:1", null, "https://badexample.org/a")).isEqualTo(Match.NONE);
        assertThat(m.match("weibo:1", null, "https://example.org.evil.net/a")).isEqualTo(Match.NONE);
        assertThat(m.match("weibo:1", null, "https://evil.net/?u=https://example.org/")).isEqualTo(Match.NONE);
        assertThat(m.match("weibo:1", null, "not a url at all \u0000")).isEqualTo(Match.NONE);
        assertThat(m.match("weibo:1", null, null)).isEqualTo(Match.NONE);
    }

    @Test
    void emptyMatcherMatchesNothing() {
        assertThat(RedactionMatcher.EMPTY.isEmpty()).isTrue();
        assertThat(RedactionMatcher.EMPTY.match("weibo:1", "a", "https://x.org/")).isEqualTo(Match.NONE);
    }

    @Test
    void redactionNamesExactlyOneValidTarget() {
        assertThatThrownBy(() -> new Redaction(PostKey.parse("weibo:1"), "weibo:a", null, "r", "b", T, "", List.of()))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> new Redaction(null, null, null, "r", "b", T, "", List.of())).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> Redaction.ofAuthor("durov", "r", "b", T)).hasMessageContaining("platform:account");
        assertThatThrownBy(() -> Redaction.ofAuthor("myspace:tom", "r", "b", T)).hasMessageContaining("myspace");
        assertThatThrownBy(() -> Redaction.ofAuthor("weibo:a b", "r", "b", T)).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> Redaction.ofHost("http://x.org/", "r", "b", T)).hasMessageContaining("bad host");
        assertThatThrownBy(() -> Redaction.ofHost("*.x.org", "r", "b", T)).hasMessageContaining("bad host");
        assertThatThrownBy(() -> Redaction.ofAuthor("weibo:a", " ", "b", T)).hasMessageContaining("reason");
        assertThatThrownBy(() -> Redaction.ofAuthor("weibo:a", "x".repeat(1001), "b", T)).hasMessageContaining("reason");
        assertThat(Redaction.ofAuthor(" Weibo:@Someone ", "r", "b", T).target()).isEqualTo("author:weibo:someone");
        assertThat(Redaction.ofHost(".Example.ORG", "r", "b", T).target()).isEqualTo("host:example.org");
        assertThat(Redaction.ofKey(PostKey.parse("weibo:a/1"), "r", "b", T, null, null).target()).isEqualTo("key:weibo:a/1");
    }

    @Test
    void redactionRoundTripsThroughItsCodec() {
        Redaction r = Redaction.ofKey(PostKey.parse("weibo:a/1"), "asked by the author", "key:k1 (ops)", T, "author:weibo:a",
                List.of(new org.afterimage.model.WarcRef("f.warc.gz", 42, "<urn:uuid:1>", "")));
        byte[] b = org.afterimage.model.json.Codecs.REDACTION.encode(r);
        assertThat(org.afterimage.model.json.Codecs.REDACTION.decode(b)).isEqualTo(r);
        assertThatThrownBy(() -> org.afterimage.model.json.Codecs.REDACTION.decode("{\"schema\":1,\"reason\":\"x\"}".getBytes()))
                .isInstanceOf(org.afterimage.model.json.MalformedRecordException.class);
    }
}
