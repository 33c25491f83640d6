package org.afterimage.app.cli;

import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.afterimage.app.run.Pipeline.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code afterimage run}: the main job in one JVM: crawler, detector, indexer and API, with Kafka and Elasticsearch
 * embedded under {@code --data} unless {@code KAFKA_BOOTSTRAP_SERVERS} / {@code ELASTICSEARCH_URL} point at
 * external ones. Runs until Ctrl-C.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline in this JVM (embedded Kafka and Elasticsearch unless KAFKA_BOOTSTRAP_SERVERS / ELASTICSEARCH_URL are set).")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    PipelineOptions options;

    @Override
    public Integer call() throws Exception {
        return Lifecycle.runUntilStopped(options.settings(EnumSet.allOf(Component.class)), true);
    }
}
