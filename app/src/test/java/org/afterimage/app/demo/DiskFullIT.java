package org.afterimage.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crawler's data directory on a file system that really fills up: a 24 MiB tmpfs mounted in a private mount
 * namespace ({@code unshare}: no root needed where unprivileged user namespaces are enabled, as on Debian and CI).
 * {@link DiskFullCrawler} runs the crawler in there against the replay platform and the real Kafka: the
 * {@code warc.minFreeBytes} guard stops archiving with a clear message, a real {@code ENOSPC} mid-record leaves no
 * broken file, captures keep flowing (without a WARC reference) throughout, and archiving resumes once space is
 * freed. Every WARC file must read to its end and every capture's reference must resolve.
 */
@RealEngines
class DiskFullIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aFullDiskStopsArchivingCleanlyAndLosesNoCapture(Engines engines) throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small-disk"));
        Path log = Path.of("target", "disk-full-crawler.log");   // kept for a look after a failure
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of("unshare", "--user", "--map-root-user", "--mount",
                "sh", "-c", "mount -t tmpfs -o size=24m afterimage-small-disk \"$0\" && exec \"$@\"", mount.toString(),
                java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), DiskFullCrawler.class.getName(),
                mount.toString(), engines.kafkaBootstrapServers(), Engines.uniqueName("diskfull"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(8, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly().waitFor();
        String output = Files.readString(log);
        assertThat(done).as("the crawler process finished:\n" + tail(output)).isTrue();
        assertThat(p.exitValue()).as("exit code; output:\n" + tail(output)).isZero();
        String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT line:\n" + tail(output)));
        JsonNode r = JSON.readTree(line.substring("RESULT ".length()));
        System.out.println("[afterimage] DiskFullIT: " + r);

        assertThat(r.path("problems")).as("WARC files that do not read to their end, references that do not resolve").isEmpty();
        assertThat(r.path("guardArchived").asLong()).as("archived before the guard").isPositive();
        assertThat(r.path("guardNotArchived").asLong()).as("captures published without WARC at the guard").isGreaterThanOrEqualTo(5);
        assertThat(output).as("the guard's message").contains("below warc.minFreeBytes");
        assertThat(r.path("fullNotArchived").asLong()).as("captures published without WARC on a full disk").isGreaterThanOrEqualTo(5);
        assertThat(output).as("the file system's own error reached the log").contains("No space left on device");
        assertThat(r.path("freedArchived").asLong()).as("archived again once space was freed, no restart").isGreaterThanOrEqualTo(5);
        assertThat(r.path("warcRefs").asLong()).as("captures with a WARC reference (each resolved)").isPositive();
        assertThat(r.path("emptyWarcFiles").asLong()).as("empty WARC files left behind by failed writes").isZero();
    }

    private static String tail(String s) {
        return s.length() <= 20_000 ? s : s.substring(s.length() - 20_000);
    }
}
