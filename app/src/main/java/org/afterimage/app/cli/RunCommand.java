package org.afterimage.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.afterimage.app.run.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code afterimage run}: the main job in one JVM. Embeds Kafka and Elasticsearch under {@code --data} unless
 * {@code KAFKA_BOOTSTRAP_SERVERS} / {@code ELASTICSEARCH_URL} point at external ones, and runs until Ctrl-C.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline in this JVM (embedded Kafka and Elasticsearch unless KAFKA_BOOTSTRAP_SERVERS / ELASTICSEARCH_URL are set).")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "data", description = "Data directory, kept across restarts (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the API and health endpoints (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions per topic when creating topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        Pipeline.Settings settings = Pipeline.Settings.fromEnvironment(data, host, port, partitions, System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        Pipeline pipeline = Pipeline.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pipeline.close();
            stopped.countDown();
        }, "afterimage-shutdown"));
        stopped.await();
        return 0;
    }
}
