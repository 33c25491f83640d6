package org.afterimage.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.afterimage.engines.EmbeddedEngines;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Resolves {@link Engines} parameters; see {@link RealEngines} for where the engines come from. Started once per
 * test run (per JVM) and stopped when the run ends.
 */
public final class RealEnginesExtension implements ParameterResolver {
    static final String KAFKA_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    static final String ES_ENV = "ELASTICSEARCH_URL";
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealEnginesExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Engines.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot().getStore(NS).getOrComputeIfAbsent(Running.class, k -> start(System.getenv()), Running.class).engines;
    }

    /** What is running for this test run, closed by JUnit when the root context closes. */
    record Running(Engines engines, List<AutoCloseable> resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            for (AutoCloseable r : resources.reversed()) r.close();
        }
    }

    static Running start(Map<String, String> env) {
        String kafka = blankToNull(env.get(KAFKA_ENV));
        String es = blankToNull(env.get(ES_ENV));
        List<AutoCloseable> resources = new ArrayList<>();
        String source = "external";
        try {
            if (kafka == null || es == null) {
                if (dockerAvailable()) {
                    source = "testcontainers";
                    if (kafka == null) {
                        KafkaContainer k = new KafkaContainer("apache/kafka-native:4.1.0");
                        k.start();
                        resources.add(k);
                        kafka = k.getBootstrapServers();
                    }
                    if (es == null) {
                        ElasticsearchContainer e = new ElasticsearchContainer("docker.elastic.co/elasticsearch/elasticsearch:9.2.0")
                                .withEnv("xpack.security.enabled", "false");
                        e.start();
                        resources.add(e);
                        es = "http://" + e.getHttpHostAddress();
                    }
                } else {
                    source = "embedded";
                    Path dir = Files.createTempDirectory("afterimage-engines-");
                    EmbeddedEngines embedded = EmbeddedEngines.start(dir);
                    resources.add(() -> deleteTree(dir));
                    resources.add(embedded);
                    // an external address, when given for one engine, still wins over the embedded one
                    if (kafka == null) kafka = embedded.kafkaBootstrapServers();
                    if (es == null) es = embedded.elasticsearchUrl();
                }
            }
        } catch (IOException | RuntimeException e) {
            Running partial = new Running(null, resources);
            try {
                partial.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new ParameterResolutionException("could not start real engines (" + source + "): " + e.getMessage(), e);
        }
        Engines engines = new Engines(kafka, es, source);
        // say which engines this run used: CI and people read this line
        System.out.println("[afterimage] integration tests use REAL engines (" + source + "): Kafka " + kafka
                + ", Elasticsearch " + es);
        return new Running(engines, resources);
    }

    private static boolean dockerAvailable() {
        if (Boolean.getBoolean("afterimage.testkit.noDocker")) return false;
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

}
