package org.afterimage.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.afterimage.demo.ScriptedPost.Fate;
import org.afterimage.demo.ScriptedPost.TransientKind;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RemovalReason;

/**
 * Turns the real records into the replay's script: which platform each post goes to, when it is published, and its
 * fate. Removals keep the record's message and its time from creation to removal; the remaining records become
 * edited, transiently failing and untouched posts. Deterministic for a seed.
 */
final class Script {
    static final String MASTODON_HOST = "mastodon.afterimage-demo.invalid";
    static final String SUBREDDIT = "afterimage_demo";
    static final int TELEGRAM_CHANNELS = 6;
    static final int MASTODON_ACCOUNTS = 4;
    /** Appended by an edit: a pure insertion, so the expected word diff is known exactly. */
    static final String EDIT_SUFFIX = "【更新】作者于发布后补充了说明。";

    private static final Platform[] ALL = {Platform.WECHAT, Platform.TELEGRAM, Platform.MASTODON, Platform.REDDIT};
    private static final Platform[] EDITABLE = {Platform.TELEGRAM, Platform.MASTODON, Platform.REDDIT};

    private Script() {
    }

    static List<ScriptedPost> build(List<DemoRecord> records, long seed) {
        Random rnd = new Random(seed);
        record Draft(DemoRecord r, Platform p, String role, Duration publishAt) {
        }
        List<Draft> drafts = new ArrayList<>();
        int k = 0;
        int removals = 0;
        int edits = 0;
        int others = 0;
        for (DemoRecord r : records) {
            RemovalReason wechatReason = wechatReason(r.message());
            boolean accountLevel = wechatReason != RemovalReason.DELETED_BY_AUTHOR && !r.message().startsWith("此内容因违规");
            String role;
            Platform p;
            if (accountLevel) {
                // account blocks, complaints and migrations exist only as WeChat messages
                role = "removal";
                p = Platform.WECHAT;
            } else {
                int slot = k++ % 10;
                role = slot < 5 ? "removal" : slot < 7 ? "edit" : slot < 9 ? "transient" : "untouched";
                p = switch (role) {
                    case "removal" -> ALL[removals++ % ALL.length];
                    case "edit" -> EDITABLE[edits++ % EDITABLE.length];
                    default -> ALL[others++ % ALL.length];
                };
            }
            // WeChat has no listing: its articles are watched one by one from the start, so they exist from the start
            Duration publishAt = p == Platform.WECHAT ? Duration.ZERO : Duration.ofMinutes(rnd.nextInt(6 * 60));
            drafts.add(new Draft(r, p, role, publishAt));
        }
        drafts.sort(Comparator.comparing(Draft::publishAt));
        List<ScriptedPost> out = new ArrayList<>();
        int n = 0;
        for (Draft d : drafts) {
            n++;
            DemoRecord r = d.r();
            String body = "来源：公众号「" + r.nickname() + "」";
            Fate fate = switch (d.role()) {
                case "removal" -> new Fate.Removal(d.publishAt().plus(r.timeToRemoval()), r.message(), expected(d.p(), r.message()));
                // a day or more after publication: after the first crawls, so the edit can be seen as one
                case "edit" -> new Fate.Edit(d.publishAt().plus(Duration.ofMinutes(24 * 60 + rnd.nextInt(12 * 60))), body + EDIT_SUFFIX);
                case "transient" -> {
                    TransientKind kind = TransientKind.values()[n % TransientKind.values().length];
                    // long enough (12-24 replay hours) that the detector's rechecks meet it
                    Duration from = d.publishAt().plus(Duration.ofMinutes(120 + rnd.nextInt(240)));
                    yield new Fate.Transient(kind, from, from.plus(Duration.ofHours(kind == TransientKind.TIMEOUT ? 12 : 24)));
                }
                default -> new Fate.Untouched();
            };
            out.add(post(n, d.p(), r, body, d.publishAt(), fate));
        }
        return List.copyOf(out);
    }

    private static ScriptedPost post(int n, Platform p, DemoRecord r, String body, Duration publishAt, Fate fate) {
        return switch (p) {
            case TELEGRAM -> {
                String channel = "afterimage_demo_" + (char) ('a' + n % TELEGRAM_CHANNELS);
                yield new ScriptedPost(n, PostKey.of(p, channel + "/" + n), channel, r.nickname(), r.title(), body, publishAt, fate);
            }
            case MASTODON -> {
                String account = Integer.toString(1001 + n % MASTODON_ACCOUNTS);
                yield new ScriptedPost(n, PostKey.of(p, MASTODON_HOST + "/" + (109_000_000_000_000L + n)), account,
                        "demo" + account, r.title(), body, publishAt, fate);
            }
            case REDDIT -> new ScriptedPost(n, PostKey.of(p, "t3_" + Long.toString(1_000_000L + n, 36)), SUBREDDIT,
                    "demo_author_" + n % 17, r.title(), body, publishAt, fate);
            case WECHAT -> {
                String token = String.format("AfterimageDemo%04d", n);
                yield new ScriptedPost(n, PostKey.of(p, "s/" + token), token, r.nickname(), r.title(), body, publishAt, fate);
            }
            default -> throw new IllegalArgumentException("the replay platform does not serve " + p);
        };
    }

    /** The reason WeChat's message states (the same reading as the crawler's WeChat adapter). */
    static RemovalReason wechatReason(String message) {
        if (message.contains("已被发布者删除")) return RemovalReason.DELETED_BY_AUTHOR;
        if (message.contains("帐号已被屏蔽") || message.contains("账号已被屏蔽")) return RemovalReason.ACCOUNT_SUSPENDED;
        if (message.contains("已迁移") || message.contains("自主注销")) return RemovalReason.ACCOUNT_GONE;
        return RemovalReason.CENSORED;
    }

    /** What {@code platform}'s own removal signal says for a removal WeChat described with {@code message}. */
    static RemovalReason expected(Platform platform, String message) {
        RemovalReason wechat = wechatReason(message);
        return switch (platform) {
            case WECHAT -> wechat;
            // [deleted] by the author, or [removed] with removed_by_category=anti_evil_ops (Reddit's admins)
            case REDDIT -> wechat == RemovalReason.DELETED_BY_AUTHOR ? RemovalReason.DELETED_BY_AUTHOR : RemovalReason.CENSORED;
            // "Post not found" / HTTP 404: neither platform says who removed it
            default -> RemovalReason.NOT_FOUND;
        };
    }
}
