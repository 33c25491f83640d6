package org.afterimage.engines;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Kafka and Elasticsearch together in this JVM, on one directory: {@code dir/kafka}, {@code dir/elasticsearch}.
 * Both start in parallel (about 5-8 s on two cores). Ports are chosen free on the first start and kept in
 * {@code dir/ports.properties}, so a restart on the same directory finds the same broker address (the Kafka
 * controller port must be fixed) and clients configured from an earlier run keep working.
 */
public final class EmbeddedEngines implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final EmbeddedElasticsearch elasticsearch;

    private EmbeddedEngines(EmbeddedKafka kafka, EmbeddedElasticsearch elasticsearch) {
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
    }

    public static EmbeddedEngines start(Path dir) throws IOException {
        Files.createDirectories(dir);
        Properties ports = ports(dir);
        var k = CompletableFuture.supplyAsync(() -> unchecked(() ->
                EmbeddedKafka.start(dir.resolve("kafka"), port(ports, "kafka"), port(ports, "kafka.controller"))));
        var e = CompletableFuture.supplyAsync(() -> unchecked(() ->
                EmbeddedElasticsearch.start(dir.resolve("elasticsearch"), port(ports, "elasticsearch"))));
        try {
            return new EmbeddedEngines(k.join(), e.join());
        } catch (CompletionException failure) {
            closeQuietly(k);   // one may have started: don't leak it
            closeQuietly(e);
            Throwable cause = failure.getCause() instanceof UncheckedIOException u ? u.getCause() : failure.getCause();
            if (cause instanceof IOException io) throw io;
            throw new IOException("embedded engines did not start: " + cause, cause);
        }
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String elasticsearchUrl() {
        return elasticsearch.url();
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        try {
            elasticsearch.close();
        } catch (IOException ex) {
            first = ex;
        }
        kafka.close();
        if (first != null) throw first;
    }

    private static Properties ports(Path dir) throws IOException {
        Path file = dir.resolve("ports.properties");
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        boolean changed = false;
        for (String name : List.of("kafka", "kafka.controller", "elasticsearch")) {
            if (p.getProperty(name) == null) {
                p.setProperty(name, Integer.toString(freePort()));
                changed = true;
            }
        }
        if (changed) {
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "chosen on the first start and reused, so the broker keeps its address");
            }
        }
        return p;
    }

    private static int port(Properties p, String name) {
        String v = p.getProperty(name);
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("ports.properties: " + name + "=" + v + " is not a port number", ex);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T unchecked(IoSupplier<T> s) {
        try {
            return s.get();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void closeQuietly(CompletableFuture<? extends AutoCloseable> f) {
        if (f.isDone() && !f.isCompletedExceptionally()) {
            try {
                f.join().close();
            } catch (Exception ignored) {
                // best effort while failing
            }
        }
    }
}
