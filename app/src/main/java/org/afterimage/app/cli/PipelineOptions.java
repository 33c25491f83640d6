package org.afterimage.app.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.afterimage.app.config.AfterimageYaml;
import org.afterimage.app.run.Pipeline;
import picocli.CommandLine.Option;

/** Options shared by {@code run} and the single-component commands. */
final class PipelineOptions {
    @Option(names = "--config", description = "afterimage.yaml (default: ./afterimage.yaml when present, else the built-in defaults).")
    Path config;

    @Option(names = "--data", defaultValue = "data", description = "Data directory, kept across restarts (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the API / health endpoints (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions per topic when creating missing topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    Pipeline.Settings settings(Set<Pipeline.Component> components) {
        return Pipeline.Settings.fromEnvironment(data, host, port, partitions, AfterimageYaml.load(Optional.ofNullable(config)),
                components, System.getenv());
    }
}
