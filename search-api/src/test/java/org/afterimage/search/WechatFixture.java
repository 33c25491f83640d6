package org.afterimage.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.afterimage.model.ContentHash;
import org.afterimage.model.Evidence;
import org.afterimage.model.EvidenceItem;
import org.afterimage.model.Platform;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.PostRecord;
import org.afterimage.model.PostStatus;
import org.afterimage.model.PostVersion;
import org.afterimage.model.Removal;
import org.afterimage.model.RemovalEvent;
import org.afterimage.model.RemovalReason;

/**
 * The real WeChatScope record of 9,370 removed WeChat articles (fixtures/wechat), turned into the records the
 * detector publishes: title as text, account as author, creation and removal times, and the platform's message
 * classified as DESIGN §5 says.
 */
public final class WechatFixture {
    public record Row(String title, String account, Instant created, Instant removed, String message) {
    }

    private WechatFixture() {
    }

    public static List<Row> rows() {
        List<Row> out = new ArrayList<>();
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        try (var in = WechatFixture.class.getResourceAsStream("/fixtures/wechat/wechatscope-removals-2018-2019H1.csv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                List<String> c = csv(line);
                if (c.size() < 5) continue;
                try {
                    Instant created = LocalDate.parse(c.get(2)).atStartOfDay(ZoneOffset.ofHours(8)).toInstant();
                    Instant removed = LocalDateTime.parse(c.get(3), f).toInstant(ZoneOffset.ofHours(8));
                    if (removed.isBefore(created)) removed = created;
                    out.add(new Row(c.get(0), c.get(1), created, removed, c.get(4)));
                } catch (RuntimeException e) {
                    // a handful of rows have odd dates; the fixture stays as published
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean q = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (q) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') q = false;
                else cur.append(ch);
            } else if (ch == '"') q = true;
            else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else cur.append(ch);
        }
        out.add(cur.toString());
        return out;
    }

    public static RemovalReason reason(String message) {
        if (message.contains("发布者删除")) return RemovalReason.DELETED_BY_AUTHOR;
        if (message.contains("帐号已被屏蔽")) return RemovalReason.ACCOUNT_SUSPENDED;
        if (message.contains("已迁移")) return RemovalReason.ACCOUNT_GONE;
        return RemovalReason.CENSORED;   // violates regulations; infringement complaints
    }

    public static PostKey key(int i) {
        return PostKey.of(Platform.WECHAT, "mp/" + i);
    }

    /** The removed post as the detector would publish it (seq 2: captured, then removed). */
    public static PostRecord removed(int i, Row row) {
        RemovalReason reason = reason(row.message());
        double p = reason == RemovalReason.CENSORED ? 0.9 : reason == RemovalReason.DELETED_BY_AUTHOR ? 0.1 : 0.6;
        Removal rm = new Removal(reason, row.removed(), p, new Evidence(200, "wechat:msg", row.message(), ""),
                List.of(new EvidenceItem("reason", row.message(), 2.0)));
        PostVersion v = new PostVersion(ContentHash.of(row.title()), row.title(), row.created(), row.created());
        return new PostRecord(key(i), 2, "https://mp.weixin.qq.com/s/" + i, row.account(), row.created(), row.created(),
                row.removed(), row.removed(), PostStatus.REMOVED, List.of(v), rm, List.of(), 2);
    }

    public static PostRecord live(int i, Row row) {
        PostVersion v = new PostVersion(ContentHash.of(row.title()), row.title(), row.created(), row.created());
        return new PostRecord(key(i), 1, "https://mp.weixin.qq.com/s/" + i, row.account(), row.created(), row.created(),
                row.created(), row.created(), PostStatus.LIVE, List.of(v), null, List.of(), 1);
    }

    public static PostEvent removalEvent(int i, Row row) {
        PostRecord r = removed(i, row);
        Removal rm = r.removal();
        return new RemovalEvent(PostEvent.idFor(r.key(), 2), r.key(), 2, row.removed(), r.url(), row.account(),
                row.created(), row.created(), rm.reason(), rm.evidence(), rm.probability(), rm.items(), row.title(), List.of());
    }
}
