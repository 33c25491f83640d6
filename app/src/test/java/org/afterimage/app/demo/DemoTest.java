package org.afterimage.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.afterimage.app.Main;
import org.afterimage.app.config.AfterimageYaml;
import org.afterimage.crawler.CrawlerConfig;
import org.afterimage.demo.ReplayPlatform;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.search.SearchConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
    @TempDir
    Path dir;

    @Test
    void generatedConfigIsAcceptedByEveryComponentAndWatchesTheReplay() throws Exception {
        try (ReplayPlatform replay = ReplayPlatform.start(ReplayPlatform.Options.defaults(0))) {
            Demo.Settings s = new Demo.Settings(dir, "127.0.0.1", 0, 1440, 0, Optional.empty(), Optional.empty(), "demo-test");
            Path yaml = dir.resolve("demo.yaml");
            Files.writeString(yaml, Demo.config(replay, s));
            AfterimageYaml config = AfterimageYaml.load(Optional.of(yaml));
            CrawlerConfig crawler = CrawlerConfig.fromYaml(config.section("crawler"));
            assertThat(crawler.fetch().rewrite()).containsAllEntriesOf(replay.rewrites());
            assertThat(crawler.watch()).hasSize(replay.watchList().size());
            // polite to the one loopback host, defaults kept for every other host
            assertThat(crawler.politeness().hostIntervals()).containsOnlyKeys("127.0.0.1").containsEntry("127.0.0.1", Duration.ofMillis(20));
            assertThat(crawler.politeness().defaultInterval()).isEqualTo(CrawlerConfig.defaults().politeness().defaultInterval());
            DetectorConfig detector = DetectorConfig.fromYaml(config.section("detector"));
            assertThat(detector.applicationId()).isEqualTo("demo-test-detector");
            assertThat(detector.schedule().confirmDelay()).isLessThan(Duration.ofSeconds(10));
            // the detector spends its whole budget: all of it must fit in what the crawler may ask of the one host
            double asked = replay.watchList().stream().map(ReplayPlatform.Source::platform).distinct()
                    .mapToDouble(p -> detector.schedule().budget(org.afterimage.model.Platform.of(p))).sum() * Demo.PARTITIONS;
            assertThat(asked).as("recrawl requests/s the detector asks for").isLessThanOrEqualTo(0.8 * 1000.0 / Demo.HOST_INTERVAL.toMillis());
            SearchConfig api = SearchConfig.fromYaml(config.section("searchApi"));
            assertThat(api).isNotNull();
        }
    }

    @Test
    void refusesADataDirectoryItDidNotMake() throws Exception {
        Files.writeString(dir.resolve("precious.txt"), "keep me");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Demo.run(new Demo.Settings(dir, "127.0.0.1", 0, 1440, 0, Optional.empty(), Optional.empty(), "demo-test"),
                Optional.of(Duration.ofSeconds(1)), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not empty").contains("not made by the demo");
        assertThat(dir.resolve("precious.txt")).hasContent("keep me");
    }

    @Test
    void badOptionsAreRefusedWithTheOptionNamed() {
        assertThat(Main.commandLine().execute("demo", "--speed", "0")).isEqualTo(2);
        assertThat(Main.commandLine().execute("demo", "--seconds", "0")).isEqualTo(2);
        assertThat(Main.commandLine().execute("demo", "--speed", "fast")).isNotZero();
        assertThat(Main.commandLine().execute("demo", "--help")).isZero();
    }
}
