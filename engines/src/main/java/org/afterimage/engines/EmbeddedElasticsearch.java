package org.afterimage.engines;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipFile;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Elasticsearch inside this JVM, HTTP on 127.0.0.1. Data under {@code home/data} is kept across
 * restarts. Only the core server and the netty HTTP module: no scripts, ingest, reindex or language analyzers
 * (see recipes), so code that works here works on a production cluster.
 *
 * <p>Uses internal ES APIs ({@code Node}, {@code PluginsLoader}): the version is pinned in the parent pom. One node
 * per JVM at a time; a second start in the same JVM needs ES assertions off ({@code -da:org.elasticsearch...}).
 */
public final class EmbeddedElasticsearch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedElasticsearch.class);
    private static final AtomicBoolean LOGGING = new AtomicBoolean();
    private final Node node;

    private EmbeddedElasticsearch(Node node) {
        this.node = node;
    }

    /** Starts a node whose home (config, data, logs, modules) is {@code home}; {@code httpPort} 0 picks a free port. */
    public static EmbeddedElasticsearch start(Path home, int httpPort) throws IOException {
        extractHome(home);
        Path natives = home.resolve("lib/platform/linux-x64");
        // must be set before org.elasticsearch.nativeaccess is first touched
        System.setProperty("es.path.home", home.toString());
        if (Files.isDirectory(natives)) System.setProperty("es.nativelibs.path", natives.toString());
        // the same netty flags as the official jvm.options
        System.setProperty("io.netty.noUnsafe", "true");
        System.setProperty("io.netty.noKeySetOptimization", "true");
        System.setProperty("io.netty.recycler.maxCapacityPerThread", "0");
        System.setProperty("es.networkaddress.cache.ttl", "60");

        Settings settings = Settings.builder()
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("cluster.name", "afterimage-embedded")
                .put("node.name", "embedded-0")
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1")   // loopback: bootstrap checks only warn
                .put("http.port", httpPort)
                .put("transport.port", 0)
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("action.destructive_requires_name", false)
                .put("logger.level", System.getProperty("es.log.level", "WARN"))
                .build();
        if (LOGGING.compareAndSet(false, true)) {   // log4j-core is global to the JVM: configure once
            LogConfigurator.loadLog4jPlugins();
            LogConfigurator.configureWithoutConfig(settings);
        }
        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "embedded-0");
        PluginsLoader plugins = PluginsLoader.createPluginsLoader(
                PluginsLoader.loadModulesBundles(env.modulesDir()), Set.of(), Map.of(), false);
        Node node = new Node(env, plugins);
        try {
            node.start();
        } catch (Exception e) {
            try {
                node.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IOException("embedded Elasticsearch did not start: " + e.getMessage(), e);
        }
        EmbeddedElasticsearch es = new EmbeddedElasticsearch(node);
        log.info("embedded Elasticsearch on {} (home {})", es.url(), home);
        return es;
    }

    /** The bound HTTP port. */
    public int httpPort() {
        return node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort();
    }

    @Override
    public void close() throws IOException {
        node.prepareForClose();
        node.close();
        try {
            if (!node.awaitClose(30, TimeUnit.SECONDS)) log.warn("Elasticsearch did not close within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Copies {@code es-home/**} (the netty HTTP module, the native zstd library) out of the jar or classes dir this
     * class was loaded from, and strips {@code modulename=} from the module descriptor so it loads from the class
     * path's unnamed module.
     */
    private static void extractHome(Path home) throws IOException {
        Path netty = home.resolve("modules/transport-netty4");
        Files.createDirectories(netty);
        Path location;
        try {
            location = Path.of(URI.create(EmbeddedElasticsearch.class.getProtectionDomain().getCodeSource().getLocation().toString()));
        } catch (IllegalArgumentException | SecurityException e) {
            throw new IOException("cannot locate the es-home resources: " + e.getMessage(), e);
        }
        if (Files.isDirectory(location)) {
            Path root = location.resolve("es-home");
            if (!Files.isDirectory(root)) throw new IOException("no es-home in " + location + ": build the engines module");
            try (var walk = Files.walk(root)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path target = home.resolve(root.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } else {
            try (ZipFile zip = new ZipFile(location.toFile())) {
                for (var e : Collections.list(zip.entries())) {
                    if (!e.getName().startsWith("es-home/") || e.isDirectory()) continue;
                    Path target = home.resolve(e.getName().substring("es-home/".length()));
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(e)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        try (var s = Files.list(netty)) {
            Path jar = s.filter(p -> p.getFileName().toString().startsWith("transport-netty4-")).findFirst()
                    .orElseThrow(() -> new IOException("transport-netty4 jar missing from " + netty));
            try (ZipFile z = new ZipFile(jar.toFile())) {
                var entry = z.getEntry("META-INF/es-plugins/transport-netty4/plugin-descriptor.properties");
                if (entry == null) throw new IOException("no plugin descriptor in " + jar);
                String d = new String(z.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                Files.writeString(netty.resolve("plugin-descriptor.properties"), d.replaceAll("(?m)^modulename=.*$", ""));
            }
        }
    }

}
