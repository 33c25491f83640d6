package org.afterimage.app.cli;

import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.afterimage.app.run.Pipeline.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code afterimage crawler|detector|indexer|api}: one component alone, for running as separate processes (several
 * crawlers and detectors share the work through partitions). Point them at the engines with
 * {@code KAFKA_BOOTSTRAP_SERVERS} and {@code ELASTICSEARCH_URL}; each serves {@code /health/*} on {@code --port}.
 */
public final class ComponentCommands {
    private ComponentCommands() {
    }

    private abstract static class One implements Callable<Integer> {
        @Mixin
        PipelineOptions options;

        abstract Component component();

        @Override
        public Integer call() throws Exception {
            if (System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null || System.getenv("ELASTICSEARCH_URL") == null) {
                System.err.println("afterimage " + component().name().toLowerCase() + ": set KAFKA_BOOTSTRAP_SERVERS and "
                        + "ELASTICSEARCH_URL (a component alone does not embed the engines; `afterimage run` does)");
                return 2;
            }
            return Lifecycle.runUntilStopped(options.settings(EnumSet.of(component())));
        }
    }

    @Command(name = "crawler", mixinStandardHelpOptions = true, description = "Run the crawler alone (external Kafka).")
    public static final class CrawlerCommand extends One {
        @Override
        Component component() {
            return Component.CRAWLER;
        }
    }

    @Command(name = "detector", mixinStandardHelpOptions = true, description = "Run the detector alone (external Kafka).")
    public static final class DetectorCommand extends One {
        @Override
        Component component() {
            return Component.DETECTOR;
        }
    }

    @Command(name = "indexer", mixinStandardHelpOptions = true, description = "Run the indexer alone (external Kafka and Elasticsearch).")
    public static final class IndexerCommand extends One {
        @Override
        Component component() {
            return Component.INDEXER;
        }
    }

    @Command(name = "api", mixinStandardHelpOptions = true, description = "Run the search API alone (external Kafka and Elasticsearch).")
    public static final class ApiCommand extends One {
        @Override
        Component component() {
            return Component.API;
        }
    }
}
