package org.afterimage.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.afterimage.crawler.CrawlerConfig;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.search.SearchConfig;
import org.junit.jupiter.api.Test;

/** The repository's afterimage.example.yaml binds with the real config classes: a user copying it gets a valid start. */
class ExampleConfigTest {

    @Test
    void exampleBindsInEveryComponentAndWatchesEveryListablePlatform() {
        AfterimageYaml y = AfterimageYaml.load(Optional.of(Path.of("..", "afterimage.example.yaml")));
        CrawlerConfig crawler = CrawlerConfig.fromYaml(y.section("crawler"));
        assertThat(crawler.watch()).extracting(w -> w.platform().id())
                .contains("telegram", "mastodon", "reddit", "rss");
        assertThat(crawler.userAgent()).contains("contact:");
        assertThat(DetectorConfig.fromYaml(y.section("detector")).applicationId()).isEqualTo("afterimage-detector");
        assertThat(SearchConfig.fromYaml(y.section("searchApi")).privacy().showDeletedByAuthor()).isFalse();
    }
}
