package org.afterimage.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One realistic value of every type on the topics, shared by the codec tests. */
public final class Samples {
    public static final Instant T0 = Instant.parse("2026-11-28T10:15:30.123Z");
    public static final PostKey KEY = PostKey.of(Platform.WECHAT, "s/Xz9_abc-DEF");
    public static final Evidence EVIDENCE = new Evidence(200, "wechat:violation", "此内容因违规无法查看", "<urn:uuid:1>");
    public static final WarcRef WARC = new WarcRef("afterimage-20261128-00001.warc.gz", 1234, "<urn:uuid:1>", "sha1:ABCDEF");

    private Samples() {
    }

    public static List<Capture> captures() {
        return List.of(
                new Capture(KEY, "https://mp.weixin.qq.com/s/Xz9_abc-DEF", T0, FetchOutcome.present(), "某公众号",
                        "文章 text with emoji 😀", T0.minusSeconds(3600), T0.minusSeconds(60), null, List.of(), WARC, "eu-1"),
                Capture.of(KEY, "https://mp.weixin.qq.com/s/Xz9_abc-DEF", T0,
                        FetchOutcome.gone(RemovalReason.CENSORED, EVIDENCE)).withWarc(WARC),
                Capture.of(PostKey.of(Platform.REDDIT, "t1_abc"), "https://www.reddit.com/comments/abc.json", T0,
                        new FetchOutcome.Unreachable(UnreachableCause.RATE_LIMITED, "429", Duration.ofSeconds(30))),
                new Capture(PostKey.of(Platform.TWITTER, "1460323737035677698"), "https://x.com/i/status/1460323737035677698",
                        T0, FetchOutcome.gone(RemovalReason.GEO_BLOCKED, new Evidence(0, "twitter:withheld", "", "")),
                        "someone", null, null, null, null, List.of("DE", "FR"), null, null));
    }

    public static RecrawlRequest recrawl() {
        return new RecrawlRequest(KEY, "https://mp.weixin.qq.com/s/Xz9_abc-DEF", T0, 2, 7, RecrawlRequest.Purpose.CONFIRM);
    }

    public static PostRecord post() {
        Removal removal = new Removal(RemovalReason.CENSORED, T0, 0.93, EVIDENCE,
                List.of(new EvidenceItem("reason", "platform: violates regulations", 2.5),
                        new EvidenceItem("time_to_removal", "removed 42 min after publication", 0.8)));
        return new PostRecord(KEY, 3, "https://mp.weixin.qq.com/s/Xz9_abc-DEF", "某公众号", T0.minusSeconds(7200),
                T0.minusSeconds(7000), T0, T0, PostStatus.REMOVED,
                List.of(new PostVersion("sha256:aa", "第一版", T0.minusSeconds(7000), T0.minusSeconds(3000)),
                        new PostVersion("sha256:bb", "第二版", T0.minusSeconds(3000), T0.minusSeconds(100))),
                removal, List.of(), 12);
    }

    public static List<PostEvent> events() {
        return List.of(
                new RemovalEvent(PostEvent.idFor(KEY, 3), KEY, 3, T0, "https://mp.weixin.qq.com/s/Xz9_abc-DEF", "某公众号",
                        T0.minusSeconds(7200), T0.minusSeconds(100), RemovalReason.CENSORED, EVIDENCE, 0.93,
                        List.of(new EvidenceItem("reason", "violates regulations", 2.5)), "第二版", List.of()),
                new AlterationEvent(PostEvent.idFor(KEY, 2), KEY, 2, T0, "https://mp.weixin.qq.com/s/Xz9_abc-DEF", "某公众号",
                        T0.minusSeconds(7200), "sha256:aa", "sha256:bb", "第一版", "第二版",
                        List.of(new DiffSegment(DiffSegment.Op.DELETE, "第一版"), new DiffSegment(DiffSegment.Op.INSERT, "第二版"))),
                new RestorationEvent(PostEvent.idFor(KEY, 4), KEY, 4, T0.plusSeconds(86400), "https://mp.weixin.qq.com/s/Xz9_abc-DEF",
                        "某公众号", RemovalReason.CENSORED, T0, "第二版"));
    }

    public static DeadLetter deadLetter() {
        return new DeadLetter("afterimage.captures", 2, 99, "wechat:x", "bm90IGpzb24=", "NOT_JSON: ...", "detector", T0);
    }
}
