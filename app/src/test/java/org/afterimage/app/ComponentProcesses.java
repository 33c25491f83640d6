package org.afterimage.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Components as the user runs them in distributed mode: {@code java -jar afterimage.jar crawler|detector|indexer|api}
 * each in its own JVM, pointed at the engines by environment variables. Logs go to {@code dir/<name>.log}; every
 * process still alive is stopped on {@link #close}.
 */
public final class ComponentProcesses implements AutoCloseable {
    public static final String ADMIN_KEY = "aik_distributed_it_admin_key_0123456789";

    private final Path dir;
    private final String kafka;
    private final String elasticsearch;
    private final String namespace;
    private final Path config;
    private final int partitions;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private final Map<Process, String> names = new HashMap<>();
    private final Map<Process, Integer> ports = new HashMap<>();

    /** Creates the namespace's topics with {@code partitions} partitions, then the launcher for its components. */
    public static ComponentProcesses withTopics(Path dir, String kafka, String elasticsearch, String namespace, Path config, int partitions) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            org.afterimage.model.kafka.TopicAdmin.ensure(admin, org.afterimage.model.kafka.Topics.in(namespace), partitions, Duration.ofSeconds(60));
        }
        return new ComponentProcesses(dir, kafka, elasticsearch, namespace, config, partitions);
    }

    private ComponentProcesses(Path dir, String kafka, String elasticsearch, String namespace, Path config, int partitions) {
        this.dir = dir;
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
        this.namespace = namespace;
        this.config = config;
        this.partitions = partitions;
    }

    /**
     * Starts {@code afterimage <command>} with its data under {@code dir/<instanceId or name>}; {@code extra} may
     * name a {@code --port}, else a free one is used. The instance id, when given, is the process's stable identity
     * (WARC names, static group membership), as a StatefulSet pod's name would be.
     */
    public Process start(String name, String command, String instanceId, String... extra) throws IOException {
        Path jar = Path.of(System.getProperty("afterimage.jar", "target/afterimage.jar"));
        assertThat(jar).exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx512m",
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-jar", jar.toString(), command, "--config", config.toString(),
                "--data", dir.resolve(instanceId != null ? instanceId : name).toString(),
                "--partitions", Integer.toString(partitions)));
        if (List.of(extra).contains("--port")) cmd.addAll(List.of(extra));
        else cmd.addAll(List.of("--port", Integer.toString(freePort())));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log(name).toFile());
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        pb.environment().put("ELASTICSEARCH_URL", elasticsearch);
        pb.environment().put("AFTERIMAGE_TOPIC_NAMESPACE", namespace);
        pb.environment().put("AFTERIMAGE_ADMIN_KEY", ADMIN_KEY);
        if (instanceId != null) pb.environment().put("AFTERIMAGE_INSTANCE_ID", instanceId);
        else pb.environment().remove("AFTERIMAGE_INSTANCE_ID");
        Process p = pb.start();
        processes.add(p);
        names.put(p, name);
        ports.put(p, Integer.parseInt(cmd.get(cmd.indexOf("--port") + 1)));
        return p;
    }

    public Path log(String name) {
        return dir.resolve(name + ".log");
    }

    /** SIGKILL: no shutdown hook, no close, no commit. */
    public void kill(Process p) throws InterruptedException {
        p.destroyForcibly().waitFor();
        processes.remove(p);
    }

    /** Waits for {@code GET /health/ready} to answer 200 (generous: JVMs start slowly on a busy 2-core machine). */
    public void awaitReady(Process p) throws Exception {
        String name = names.get(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new AssertionError(name + " exited early:\n" + Files.readString(log(name)));
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(p) + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " not ready within 300 s:\n" + Files.readString(log(name)));
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) p.destroy();
        for (Process p : processes) {
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        }
        processes.clear();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
