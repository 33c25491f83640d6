package org.afterimage.bench.crawler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.crawler.parse.Response;
import org.afterimage.model.Platform;
import org.jsoup.Jsoup;

/**
 * The Telegram adapter and the bare jsoup parse of the same page, alternating one call each, so a load spike on a
 * shared machine hits both alike (JMH runs them minutes apart, and its ratios swing by ±0.3 here). Prints the median
 * and quartiles of the per-round {@code bare time / adapter time}, i.e. the same ratio as {@link AdapterParseBenchmark}.
 *
 * <pre>java -Dafterimage.fixtures=../shared/fixtures -cp bench/target/benchmarks.jar org.afterimage.bench.crawler.InterleavedParseBench 60</pre>
 */
public final class InterleavedParseBench {
    private InterleavedParseBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        byte[] body = Inputs.file("telegram/full.html");
        Response response = new Response("https://t.me/s/topwar_official", 200, Map.of(), body, null);
        Adapter adapter = Adapters.of(Platform.TELEGRAM);
        List<Double> ratios = new ArrayList<>();
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            long adapterNanos = 0;
            long bareNanos = 0;
            for (int i = 0; i < 100; i++) {
                long t0 = System.nanoTime();
                sink += adapter.parse(response).size();
                long t1 = System.nanoTime();
                sink += Jsoup.parse(new String(body, StandardCharsets.UTF_8), "https://t.me/").childNodeSize();
                long t2 = System.nanoTime();
                adapterNanos += t1 - t0;
                bareNanos += t2 - t1;
            }
            if (round >= rounds / 3) ratios.add((double) bareNanos / adapterNanos);   // the first third warms up
        }
        Collections.sort(ratios);
        System.out.printf("telegram adapter/bare over %d rounds: median %.2f, p25 %.2f, p75 %.2f (%d)%n", ratios.size(),
                ratios.get(ratios.size() / 2), ratios.get(ratios.size() / 4), ratios.get(ratios.size() * 3 / 4), sink);
    }
}
