package org.afterimage.bench.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.afterimage.model.ContentHash;
import org.afterimage.model.Evidence;
import org.afterimage.model.EvidenceItem;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.PostRecord;
import org.afterimage.model.PostStatus;
import org.afterimage.model.PostVersion;
import org.afterimage.model.Removal;
import org.afterimage.model.RemovalReason;
import org.afterimage.search.index.Docs;

/**
 * Deterministic synthetic posts shaped like the WeChatScope fixture: Chinese titles built from real headline
 * fragments, some English, a realistic mix of removal reasons and times. Same seed, same posts.
 */
final class SearchBenchData {
    static final String[] ZH = {"干部年轻化", "维权律师", "金融风险", "攻坚战", "执政新轨道", "美术馆", "作品展", "中学", "邢台",
        "疫苗", "长春长生", "高考", "房价", "贸易战", "人民币", "扫黑除恶", "环保督察", "网络安全", "新时代", "乡村振兴",
        "独家", "深度", "评论", "观察", "北京", "上海", "香港", "台湾", "新疆", "西藏", "教育", "医疗", "改革", "开放"};
    static final String[] EN = {"lawyers", "vaccine", "scandal", "protest", "censorship", "trade", "war", "economy",
        "students", "housing", "report", "exclusive", "analysis", "Beijing", "Shanghai", "Hong", "Kong"};
    static final RemovalReason[] REASONS = {RemovalReason.CENSORED, RemovalReason.CENSORED, RemovalReason.DELETED_BY_AUTHOR,
        RemovalReason.DELETED_BY_AUTHOR, RemovalReason.DELETED_BY_AUTHOR, RemovalReason.ACCOUNT_SUSPENDED, RemovalReason.CENSORED};
    static final Instant T0 = Instant.parse("2018-07-01T00:00:00Z");

    private SearchBenchData() {
    }

    static PostRecord post(int i) {
        SplittableRandom r = new SplittableRandom(i * 7919L + 17);
        StringBuilder sb = new StringBuilder();
        int words = 6 + r.nextInt(20);
        for (int w = 0; w < words; w++) {
            if (r.nextInt(4) == 0) sb.append(' ').append(EN[r.nextInt(EN.length)]).append(' ');
            else sb.append(ZH[r.nextInt(ZH.length)]);
            if (r.nextInt(6) == 0) sb.append('，');
        }
        String text = sb.toString().strip();
        Instant published = T0.plusSeconds(r.nextLong(365L * 86400));
        PostKey key = PostKey.of(Platform.WECHAT, "bench/" + i);
        String author = "acct" + r.nextInt(5000);
        PostVersion v = new PostVersion(ContentHash.of(text), text, published, published.plusSeconds(60));
        if (r.nextInt(10) < 4) {
            RemovalReason reason = REASONS[r.nextInt(REASONS.length)];
            Instant removed = published.plusSeconds(60 + r.nextLong(3 * 86400));
            double p = reason == RemovalReason.CENSORED ? 0.85 : reason == RemovalReason.DELETED_BY_AUTHOR ? 0.1 : 0.5;
            Removal rm = new Removal(reason, removed, p, new Evidence(200, "wechat:msg", "此内容因违规无法查看", ""),
                    List.of(new EvidenceItem("reason", reason.name(), 2.0), new EvidenceItem("time_to_removal", "fast", 0.5)));
            return new PostRecord(key, 2, "https://mp.weixin.qq.com/s/" + i, author, published, published, removed, removed,
                    PostStatus.REMOVED, List.of(v), rm, List.of(), 2);
        }
        return new PostRecord(key, 1, "https://mp.weixin.qq.com/s/" + i, author, published, published, published.plusSeconds(60),
                published.plusSeconds(60), PostStatus.LIVE, List.of(v), null, List.of(), 1);
    }

    /** Bulk-loads posts [from, to) straight into {@code index} (external versions, like the indexer). */
    static void load(ElasticsearchClient es, String index, int from, int to, int batch) throws IOException {
        for (int start = from; start < to; start += batch) {
            BulkRequest.Builder b = new BulkRequest.Builder();
            List<ObjectNode> docs = new ArrayList<>();
            for (int i = start; i < Math.min(to, start + batch); i++) docs.add(Docs.post(post(i)));
            bulk(es, b, index, docs);
        }
    }

    static void bulk(ElasticsearchClient es, BulkRequest.Builder b, String index, List<ObjectNode> docs) throws IOException {
        for (ObjectNode d : docs) {
            String id = d.get("key").asText();
            long v = d.get("seq").asLong();
            b.operations(o -> o.index(x -> x.index(index).id(id).version(v).versionType(VersionType.External).document(d)));
        }
        var resp = es.bulk(b.build());
        if (resp.errors()) throw new IOException("bulk errors: " + resp.items().stream().filter(x -> x.error() != null).findFirst().orElseThrow().error());
    }

    static String arg(String[] args, String name, String dflt) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals("--" + name)) return args[i + 1];
        String env = System.getenv(name.toUpperCase().replace('-', '_'));
        return env != null ? env : dflt;
    }
}
