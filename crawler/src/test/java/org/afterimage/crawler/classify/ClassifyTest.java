package org.afterimage.crawler.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyTest {
    @TempDir
    Path dir;

    record Run(int code, List<JsonNode> lines, String err) {
    }

    Path fixture(String path) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + path)) {
            Path p = dir.resolve(path.replace('/', '_'));
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    Run run(String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Classify.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) if (!l.isBlank()) lines.add(new ObjectMapper().readTree(l));
        return new Run(code, lines, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsOneLineOfTheDocumentedShapePerPost() throws Exception {
        Run r = run("--platform", "telegram", fixture("telegram/message_with_from_author.html").toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.lines()).hasSize(1);
        JsonNode j = r.lines().get(0);
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("platform", "postId", "outcome", "reason", "author", "text", "publishedAt", "editedAt", "countries");
        assertThat(j.toString()).isEqualTo("{\"platform\":\"telegram\",\"postId\":\"channel/4\",\"outcome\":\"present\",\"reason\":null,"
                + "\"author\":\"🅰️rkadiy Ivanov\",\"text\":\"test\",\"publishedAt\":\"2023-02-28T16:38:34Z\",\"editedAt\":null,\"countries\":[]}");
    }

    @Test
    void goneWithStatusAndUrl() throws Exception {
        Path body = dir.resolve("missing.json");
        Files.writeString(body, "{\"error\":\"Not Found\"}");
        Run r = run("--platform", "mastodon", "--status", "404", "--url", "https://mastodon.social/api/v1/statuses/109", body.toString());
        assertThat(r.code()).isZero();
        assertThat(r.lines().get(0).toString()).isEqualTo("{\"platform\":\"mastodon\",\"postId\":\"mastodon.social/109\",\"outcome\":\"gone\","
                + "\"reason\":\"NOT_FOUND\",\"author\":null,\"text\":null,\"publishedAt\":null,\"editedAt\":null,\"countries\":[]}");
        Run noUrl = run("--platform", "mastodon", "--status", "404", body.toString());
        assertThat(noUrl.code()).isEqualTo(1);
        assertThat(noUrl.err()).startsWith(body + ":1: ").contains("--url");
    }

    @Test
    void badLinesAreNamedAndTheRestIsStillProcessed() throws Exception {
        String good = new String(getClass().getResourceAsStream("/fixtures/twitter/tweets_compliance.jsonl").readAllBytes(), StandardCharsets.UTF_8);
        Path f = dir.resolve("mixed.jsonl");
        Files.writeString(f, "{not json\n" + good + "\n{\"foo\":1}\n" + "x".repeat(10) + "\n");
        Run r = run("--platform", "twitter", f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.lines()).extracting(j -> j.get("postId").asText()).containsExactly("1170025343920402432", "1170147183095664640");
        assertThat(r.lines()).extracting(j -> j.get("reason").asText()).containsExactly("PRIVATE", "ACCOUNT_GONE");
        String[] errs = r.err().strip().split("\n");
        assertThat(errs).hasSize(3);
        assertThat(errs[0]).startsWith(f + ":1: not JSON");
        assertThat(errs[1]).startsWith(f + ":6: not an X API v2 response");
        assertThat(errs[2]).startsWith(f + ":7: not JSON");
    }

    @Test
    void everyFixtureClassifiesCleanly() throws Exception {
        String[][] cases = {
            {"telegram", "telegram/full.html", "12"}, {"telegram", "telegram/message_poll.html", "1"},
            {"twitter", "twitter/media_policy_violation_on.jsonl", "100"}, {"twitter", "twitter/two_tweets.jsonl", "1"},
            {"twitter", "twitter/edited_after.jsonl", "1"}, {"weibo", "weibo/getIndex-userInfo.json", "0"}};
        for (String[] c : cases) {
            Run r = run("--platform", c[0], fixture(c[1]).toString());
            assertThat(r.code()).as(c[1] + " " + r.err()).isZero();
            assertThat(r.lines()).as(c[1]).hasSize(Integer.parseInt(c[2]));
        }
    }

    @Test
    void badOptionsExitTwo() throws Exception {
        assertThat(run("--platform", "myspace", "f").code()).isEqualTo(2);
        assertThat(run("--platform", "telegram").code()).isEqualTo(2);
        assertThat(run("--platform", "html", "f").code()).isEqualTo(2);
        assertThat(run("--platform", "telegram", "--status", "abc", "f").err()).contains("--status must be a number");
        Run missing = run("--platform", "telegram", dir.resolve("nope.html").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void hostileInputNeverCrashes() throws Exception {
        Path binary = dir.resolve("bin.html");
        byte[] junk = new byte[200_000];
        new java.util.Random(7).nextBytes(junk);
        Files.write(binary, junk);
        for (String platform : new String[] {"telegram", "mastodon", "reddit", "twitter", "wechat", "weibo", "rss"}) {
            Run r = run("--platform", platform, "--url", "https://example.org/x", binary.toString());
            assertThat(r.code()).as(platform).isIn(0, 1);
            assertThat(r.err()).as(platform).doesNotContain("internal error");
        }
        Path deep = dir.resolve("deep.json");
        Files.writeString(deep, "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000));
        Run r = run("--platform", "weibo", deep.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith(deep + ":1: ");
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "");
        assertThat(run("--platform", "mastodon", empty.toString()).code()).isEqualTo(1);
    }
}
