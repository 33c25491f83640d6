package org.afterimage.bench.soak;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./afterimage demo} as a user starts it (the launcher script, embedded Kafka and Elasticsearch in the one
 * JVM), run for {@code minutes} at {@code speed}, sampled every {@code sampleSeconds}: live heap after a full GC
 * ({@code jcmd GC.run}, then {@code GC.heap_info}), resident memory, threads and open file descriptors from
 * {@code /proc}, and the lag of every consumer group on the embedded broker (committed offsets against end offsets,
 * read-committed as the groups read). Prints a Markdown table and a flatness summary: each series' mean over the last
 * third of the run divided by its mean over the second third (after start-up and the script's busiest part).
 *
 * <p>Run from the repository root: {@code java -cp bench/target/benchmarks.jar org.afterimage.bench.soak.DemoSoak 20 2880 60}
 */
public final class DemoSoak {
    private static final Pattern HEAP_USED = Pattern.compile("garbage-first heap\\s+total (?:reserved )?(\\d+)K, (?:committed \\d+K, )?used (\\d+)K");

    private DemoSoak() {
    }

    record Sample(long second, long liveHeapMiB, long rssMiB, int threads, int openFiles, Map<String, Long> lag, long captures) {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        double speed = args.length > 1 ? Double.parseDouble(args[1]) : 2880;
        int every = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Path data = Files.createTempDirectory("afterimage-soak");
        Path log = data.resolveSibling(data.getFileName() + ".log");
        int port = 18000 + (int) (ProcessHandle.current().pid() % 1000);
        ProcessBuilder pb = new ProcessBuilder("./afterimage", "demo", "--speed", Double.toString(speed),
                "--seconds", Integer.toString(minutes * 60 + 60), "--data", data.resolve("demo").toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");   // the embedded engines, as a new user runs it
        pb.environment().remove("ELASTICSEARCH_URL");
        Process p = pb.start();
        long pid = p.pid();   // the script execs java: same process
        System.out.printf("soak: pid %d, data %s, log %s, %d min at speed %.0f, sample every %d s, %s%n", pid, data, log, minutes, speed, every, Instant.now());
        awaitReady(port, p, log);
        Properties ports = new Properties();
        try (Reader r = Files.newBufferedReader(data.resolve("demo/engines/ports.properties"))) {
            ports.load(r);
        }
        String kafka = "127.0.0.1:" + ports.getProperty("kafka");
        List<Sample> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        System.out.println("| minute | live heap (MiB) | RSS (MiB) | threads | open files | captures | lag by group |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---|");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            while (System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(minutes) && p.isAlive()) {
                Sample s = sample(pid, admin, (System.nanoTime() - t0) / 1_000_000_000L);
                samples.add(s);
                System.out.printf("| %.1f | %d | %d | %d | %d | %d | %s |%n", s.second / 60.0, s.liveHeapMiB, s.rssMiB, s.threads, s.openFiles, s.captures, s.lag);
                Thread.sleep(Duration.ofSeconds(every));
            }
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        summary(samples);
    }

    private static Sample sample(long pid, Admin admin, long second) throws Exception {
        // the target's own JDK: a jcmd of another version may fail to attach
        String jcmd = Path.of("/proc/" + pid + "/exe").toRealPath().resolveSibling("jcmd").toString();
        run(jcmd, Long.toString(pid), "GC.run");
        String heap = run(jcmd, Long.toString(pid), "GC.heap_info");
        Matcher m = HEAP_USED.matcher(heap);
        long live = m.find() ? Long.parseLong(m.group(2)) / 1024 : -1;
        Map<String, String> status = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            int c = line.indexOf(':');
            if (c > 0) status.put(line.substring(0, c), line.substring(c + 1).trim());
        }
        long rss = Long.parseLong(status.getOrDefault("VmRSS", "0 kB").split("\\s+")[0]) / 1024;
        int threads = Integer.parseInt(status.getOrDefault("Threads", "0"));
        int files;
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            files = (int) fds.count();
        }
        Map<String, Long> lag = new java.util.TreeMap<>();
        long captures = 0;
        for (ConsumerGroupListing g : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.groupId())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            if (committed.isEmpty()) continue;
            Map<TopicPartition, OffsetSpec> q = new HashMap<>();
            committed.keySet().forEach(tp -> q.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(q).all().get(30, TimeUnit.SECONDS);
            long total = 0;
            for (var e : committed.entrySet()) {
                if (e.getValue() == null) continue;
                // end offsets count transaction markers too: a lag of one per partition is a committed transaction
                total += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                if (e.getKey().topic().endsWith(".captures") && g.groupId().endsWith("-detector")) captures += ends.get(e.getKey()).offset();
            }
            lag.put(g.groupId().substring(g.groupId().lastIndexOf('-') + 1), total);   // crawler, detector, indexer, alerts
        }
        return new Sample(second, live, rss, threads, files, lag, captures);
    }

    private static void summary(List<Sample> s) {
        if (s.size() < 6) {
            System.out.println("too few samples for a summary: " + s.size());
            return;
        }
        int third = s.size() / 3;
        List<Sample> mid = s.subList(third, 2 * third);
        List<Sample> last = s.subList(2 * third, s.size());
        System.out.printf("%nflatness (mean of the last third / mean of the middle third): live heap %.2f, RSS %.2f, threads %.2f, open files %.2f; max lag %s%n",
                ratio(last, mid, Sample::liveHeapMiB), ratio(last, mid, Sample::rssMiB), ratio(last, mid, x -> x.threads),
                ratio(last, mid, x -> x.openFiles), s.stream().flatMap(x -> x.lag.entrySet().stream())
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Math::max, java.util.TreeMap::new)));
    }

    private static double ratio(List<Sample> a, List<Sample> b, java.util.function.ToLongFunction<Sample> f) {
        return a.stream().mapToLong(f).average().orElse(0) / Math.max(1e-9, b.stream().mapToLong(f).average().orElse(0));
    }

    private static void awaitReady(int port, Process p, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);   // the first run may build the jar
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("demo exited:\n" + Files.readString(log));
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("demo not ready in 10 min; log " + log);
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
