package org.afterimage.crawler.parse.twitter;

import static org.afterimage.crawler.parse.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.crawler.parse.Fixtures;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.parse.UnparseableException;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.RemovalReason;
import org.junit.jupiter.api.Test;

class TwitterAdapterTest {
    private final Adapter twitter = Adapters.of(Platform.TWITTER);

    private List<ParsedPost> lines(String fixture) throws UnparseableException {
        List<ParsedPost> out = new ArrayList<>();
        for (String line : new String(Fixtures.bytes(fixture), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) out.addAll(twitter.parse(Response.saved("", 200, line.getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }

    @Test
    void editsOfATweetShareTheOriginalsKey() throws Exception {
        ParsedPost before = only(lines("twitter/edited_before.jsonl"));
        ParsedPost after = only(lines("twitter/edited_after.jsonl"));
        assertThat(before.key().postId()).isEqualTo("1576994746135764992");
        assertThat(after.key()).isEqualTo(before.key());
        assertThat(before.author()).isEqualTo("wongmjane");
        assertThat(after.author()).isEqualTo("wongmjane");
        assertThat(before.text()).isEqualTo("i miss y’all so much haha,,, https://t.co/glJ0r9uh9F https://t.co/4E9OBHOATs");
        assertThat(after.text()).isEqualTo("hey :) https://t.co/rnwEIoNuqd");
        assertThat(before.publishedAt()).isEqualTo(Instant.parse("2022-10-03T17:57:01Z"));
        assertThat(before.editedAt()).isNull();
        assertThat(after.publishedAt()).isEqualTo(Instant.parse("2022-10-03T17:57:01Z"));   // from the original's snowflake
        assertThat(after.editedAt()).isEqualTo(Instant.parse("2022-10-03T17:57:11Z"));
        assertThat(after.contentHash()).isNotEqualTo(before.contentHash());
        assertThat(after.url()).isEqualTo("https://twitter.com/wongmjane/status/1576994789110992896");
    }

    @Test
    void complianceDeletionsCarryTheirReason() throws Exception {
        List<ParsedPost> posts = lines("twitter/tweets_compliance.jsonl");
        assertThat(posts).extracting(p -> p.key().postId()).containsExactly("1170025343920402432", "1170147183095664640");
        assertThat(posts).extracting(p -> ((FetchOutcome.Gone) p.outcome()).reason())
                .containsExactly(RemovalReason.PRIVATE, RemovalReason.ACCOUNT_GONE);
        assertThat(posts.get(0).publishedAt()).isEqualTo(Instant.parse("2019-09-06T17:25:54.667Z"));
        assertThat(((FetchOutcome.Gone) posts.get(1).outcome()).evidence().signal()).isEqualTo("twitter:compliance:deactivated");
        assertThat(((FetchOutcome.Gone) posts.get(1).outcome()).evidence().message()).isEqualTo("redacted_at 2021-08-17T17:26:15.788Z");
    }

    @Test
    void readsOnlyTheResponsesOwnTweetsNotIncludedOnes() throws Exception {
        ParsedPost p = only(lines("twitter/two_tweets.jsonl"));
        assertThat(p.key().postId()).isEqualTo("1394735776701816833");
        assertThat(p.author()).isEqualTo("LachiVeronica");
        assertThat(p.text()).isEqualTo("RT @bibaigna96: #POIUYTREWQ");
        assertThat(p.publishedAt()).isEqualTo(Instant.parse("2021-05-18T19:24:56Z"));
        assertThat(p.outcome()).isInstanceOf(FetchOutcome.Present.class);
    }

    @Test
    void accountNoticeInPlaceOfTextIsAccountSuspended() throws Exception {
        List<ParsedPost> posts = lines("twitter/media_policy_violation_on.jsonl");
        assertThat(posts).hasSize(100);
        assertThat(posts.get(0).key().postId()).isEqualTo("1392220189706657804");
        assertThat(posts.get(99).key().postId()).isEqualTo("1390728971780829189");
        assertThat(posts).allSatisfy(p -> {
            assertThat(p.author()).isEqualTo("MariamBarghouti");
            assertThat(p.text()).isNull();
            assertThat(p.outcome()).isInstanceOfSatisfying(FetchOutcome.Gone.class, g -> {
                assertThat(g.reason()).isEqualTo(RemovalReason.ACCOUNT_SUSPENDED);
                assertThat(g.evidence().message()).isEqualTo("@MariamBarghouti's account is temporarily unavailable because it violates the Twitter Media Policy. Learn more.");
            });
        });
        assertThat(posts.get(0).publishedAt()).isEqualTo(Instant.parse("2021-05-11T20:48:54Z"));
    }

    /** API v2 shapes (documented by X) for withheld tweets and errors; the fixtures hold none. */
    @Test
    void withheldAndErrorsMapToReasons() throws Exception {
        String withheld = "{\"data\":[{\"id\":\"1\",\"text\":\"t\",\"author_id\":\"9\",\"withheld\":{\"country_codes\":[\"de\",\"FR\"]}}]}";
        ParsedPost w = only(twitter.parse(Response.saved("", 200, withheld.getBytes(StandardCharsets.UTF_8))));
        assertThat(((FetchOutcome.Gone) w.outcome()).reason()).isEqualTo(RemovalReason.GEO_BLOCKED);
        assertThat(w.countries()).containsExactly("DE", "FR");
        assertThat(w.text()).isEqualTo("t");
        String errors = "{\"errors\":[{\"value\":\"2\",\"detail\":\"Could not find tweet with ids: [2].\",\"title\":\"Not Found Error\",\"resource_type\":\"tweet\",\"parameter\":\"ids\",\"resource_id\":\"2\",\"type\":\"https://api.twitter.com/2/problems/resource-not-found\"},"
                + "{\"value\":\"3\",\"detail\":\"User has been suspended: [x].\",\"title\":\"Forbidden\",\"resource_type\":\"tweet\",\"resource_id\":\"3\",\"type\":\"https://api.twitter.com/2/problems/resource-not-found\"},"
                + "{\"value\":\"4\",\"detail\":\"Sorry, you are not authorized to see the Tweet with ids: [4].\",\"title\":\"Authorization Error\",\"resource_type\":\"tweet\",\"resource_id\":\"4\",\"type\":\"https://api.twitter.com/2/problems/not-authorized-for-resource\"}]}";
        List<ParsedPost> e = twitter.parse(Response.saved("", 200, errors.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).extracting(p -> ((FetchOutcome.Gone) p.outcome()).reason())
                .containsExactly(RemovalReason.NOT_FOUND, RemovalReason.ACCOUNT_SUSPENDED, RemovalReason.PRIVATE);
    }

    @Test
    void snowflakeGivesTheCreationSecond() {
        assertThat(TwitterAdapter.snowflakeTime("1576994746135764992")).isEqualTo(Instant.parse("2022-10-03T17:57:01Z"));
    }

    @Test
    void hostileLinesAreUnparseable() {
        for (String bad : new String[] {"{", "[]", "\"x\"", "{\"foo\":1}", "{\"data\":[{\"id\":\"abc\"}]}", "{\"id\":\"1\",\"action\":\"scrub_geo\"}"}) {
            assertThatThrownBy(() -> twitter.parse(Response.saved("", 200, bad.getBytes(StandardCharsets.UTF_8))))
                    .as(bad).isInstanceOf(UnparseableException.class);
        }
    }
}
