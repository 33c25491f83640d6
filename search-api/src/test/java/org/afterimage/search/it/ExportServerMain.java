package org.afterimage.search.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.afterimage.search.SearchApi;
import org.afterimage.search.SearchConfig;

/**
 * The API alone in a JVM of its own (started by {@link ExportIT} with a small heap). Prints {@code PORT n}, then on
 * end of stdin prints {@code MAXHEAP bytes} (the most heap seen in use, sampled every 50 ms) and exits.
 * Args: elasticsearchUrl indexPrefix dataDir adminKey.
 */
public final class ExportServerMain {
    public static void main(String[] args) throws Exception {
        AtomicLong max = new AtomicLong();
        Thread sampler = new Thread(() -> {
            var mem = ManagementFactory.getMemoryMXBean();
            while (true) {
                max.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        SearchConfig c = SearchConfig.fromYaml("http: {port: 0, host: 127.0.0.1}\nprivacy: {selfDeletedRetention: \"0\"}").withIndexPrefix(args[1]);
        try (SearchApi api = SearchApi.builder().config(c).elasticsearchUrl(args[0]).dataDir(Path.of(args[2]))
                .adminKey(Optional.of(args[3])).start()) {
            System.out.println("PORT " + api.port());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            while (in.readLine() != null) {
                // wait for the test to close stdin
            }
        }
        System.out.println("MAXHEAP " + max.get());
        System.out.flush();
    }
}
