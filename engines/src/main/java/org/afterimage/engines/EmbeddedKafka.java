package org.afterimage.engines;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka (broker and controller) inside this JVM, on 127.0.0.1. The log directory is formatted
 * once and reused on later starts, so data survives restarts; a crash (kill -9) is recovered like any broker's.
 *
 * <p>Uses {@code KafkaRaftServer}, which is not a public API: the Kafka version is pinned in the parent pom.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaRaftServer server;
    private final String bootstrap;
    private final boolean formattedNow;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrap, boolean formattedNow) {
        this.server = server;
        this.bootstrap = bootstrap;
        this.formattedNow = formattedNow;
    }

    /**
     * Starts a broker keeping its data under {@code dir}.
     *
     * @param port           the client port (must be free; fixed so clients can find the broker after a restart)
     * @param controllerPort the KRaft controller port (must be free and fixed: static quorum voters)
     */
    public static EmbeddedKafka start(Path dir, int port, int controllerPort) throws IOException {
        Files.createDirectories(dir);
        String bootstrap = "127.0.0.1:" + port;
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + bootstrap + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + bootstrap);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "1");
        // one node: every internal topic has replication factor 1 (recipes, pitfall 3)
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // after a crash the controller refuses the new incarnation until the old session expires (recipes, fix 6)
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "2000");
        Path cfg = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(cfg)) {
            p.store(w, "written by Afterimage on every start; edit afterimage.yaml instead");
        }
        // format once: meta.properties present means formatted; a second format would need --ignore-formatted
        boolean formatNow = !Files.exists(dir.resolve("data/meta.properties"));
        if (formatNow) {
            int rc = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", cfg.toString()},
                    new PrintStream(OutputStream.nullOutputStream()));
            if (rc != 0) throw new IOException("formatting Kafka storage in " + dir + " failed with code " + rc);
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            throw new IOException("embedded Kafka did not start on " + bootstrap + ": " + e.getMessage(), e);
        }
        log.info("embedded Kafka on {} (data {}, {})", bootstrap, dir, formatNow ? "formatted now" : "reused");
        return new EmbeddedKafka(server, bootstrap, formatNow);
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    /** True when this start formatted fresh storage (first start on this directory). */
    public boolean formattedNow() {
        return formattedNow;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
