package org.afterimage.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.afterimage.crawler.CrawlerConfig;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.search.SearchConfig;
import org.junit.jupiter.api.Test;

class AfterimageYamlTest {

    @Test
    void sectionsAreLaidOverEachComponentsDefaults() {
        AfterimageYaml y = AfterimageYaml.parse("""
                crawler:
                  optOut:
                    hosts: [example.org]
                searchApi:
                  auth:
                    anonymousRead: true
                """, "test.yaml");
        CrawlerConfig crawler = CrawlerConfig.fromYaml(y.section("crawler"));
        assertThat(crawler.optOut().hosts()).containsExactly("example.org");
        assertThat(crawler.userAgent()).isEqualTo(CrawlerConfig.defaults().userAgent());
        assertThat(SearchConfig.fromYaml(y.section("searchApi")).auth().anonymousRead()).isTrue();
        assertThat(DetectorConfig.fromYaml(y.section("detector"))).isEqualTo(DetectorConfig.defaults());
    }

    @Test
    void unknownSectionsAndBadShapesAreNamed() {
        assertThatThrownBy(() -> AfterimageYaml.parse("crawlr: {}", "a.yaml"))
                .hasMessageContaining("a.yaml").hasMessageContaining("crawlr").hasMessageContaining("crawler, detector, searchApi");
        assertThatThrownBy(() -> AfterimageYaml.parse("crawler: [1, 2]", "a.yaml"))
                .hasMessageContaining("section 'crawler' must be a mapping");
        assertThatThrownBy(() -> AfterimageYaml.parse("- just a list", "a.yaml")).hasMessageContaining("expected sections");
        assertThatThrownBy(() -> AfterimageYaml.parse("crawler: {fetch: [unclosed", "a.yaml")).hasMessageContaining("not valid YAML");
    }

    @Test
    void badKeysInASectionAreNamedByTheComponent() {
        AfterimageYaml y = AfterimageYaml.parse("crawler: {fetch: {maxRedirect: 3}}\ndetector: {schedule: {tik: PT1S}}", "a.yaml");
        assertThatThrownBy(() -> CrawlerConfig.fromYaml(y.section("crawler"))).hasMessageContaining("maxRedirect");
        assertThatThrownBy(() -> DetectorConfig.fromYaml(y.section("detector"))).hasMessageContaining("tik");
    }

    @Test
    void anExplicitConfigFileMustExist() {
        assertThatThrownBy(() -> AfterimageYaml.load(Optional.of(Path.of("/nonexistent/afterimage.yaml"))))
                .hasMessageContaining("no such file");
        assertThat(AfterimageYaml.load(Optional.empty()).source()).isIn("defaults", "afterimage.yaml");
    }
}
