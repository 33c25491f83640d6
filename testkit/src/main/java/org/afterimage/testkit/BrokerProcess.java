package org.afterimage.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.afterimage.engines.EmbeddedKafka;

/**
 * A Kafka broker in its own JVM that a fault-injection test may kill ({@code SIGKILL}) and start again on the same
 * ports and data directory, the way an operator's broker restarts under a running pipeline. The shared engines of
 * {@link RealEngines} are never restarted: other tests use them.
 *
 * <p>The child runs {@link EmbeddedKafka} (a real KRaft broker, the one {@code afterimage run} embeds) on the test's
 * own class path; its output goes to {@code dir/broker-N.log}.
 */
public final class BrokerProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;
    private int starts;

    private BrokerProcess(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Starts a broker with fresh storage under {@code dir} on two free ports; returns once it accepts connections. */
    public static BrokerProcess start(Path dir) throws IOException {
        BrokerProcess b = new BrokerProcess(dir, freePort(), freePort());
        b.startAgain();
        return b;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** SIGKILL: no shutdown hook, no flush, no controlled shutdown. Returns once the process is gone. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** Starts the broker again on the same ports and data (log recovery runs); returns once it accepts connections. */
    public void startAgain() throws IOException {
        if (process != null && process.isAlive()) throw new IllegalStateException("broker still running");
        Files.createDirectories(dir);
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = dir.resolve("broker-" + (++starts) + ".log");
        process = new ProcessBuilder(List.of(java, "-Xms256m", "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                BrokerProcess.class.getName(), dir.resolve("kafka").toString(), Integer.toString(port), Integer.toString(controllerPort)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("broker exited with " + process.exitValue() + ":\n" + Files.readString(log));
            if (Files.readString(log).contains(READY)) return;
            sleep(Duration.ofMillis(200));
        }
        throw new IOException("broker not ready within 120 s:\n" + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) kill();
        }
    }

    private static final String READY = "[broker-process] ready on ";

    /** The child: a broker until killed. Arguments: data dir, client port, controller port. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]), port, Integer.parseInt(args[2]));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        // accepting connections, not just started: clients connect at once
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        }
        System.out.println(READY + kafka.bootstrapServers());
        Thread.currentThread().join();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }
}
