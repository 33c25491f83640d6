package org.afterimage.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.afterimage.crawler.CrawlerConfig;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.search.SearchConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The afterimage.yaml files the Kubernetes overlays ship bind with the real config classes: a bad key fails here. */
class K8sConfigTest {

    @ParameterizedTest
    @ValueSource(strings = {"base/config/afterimage.yaml", "overlays/prod/afterimage.yaml"})
    void clusterConfigBindsInEveryComponent(String file) throws Exception {
        Path path = Path.of("..", "k8s").resolve(file);
        AfterimageYaml y = AfterimageYaml.parse(Files.readString(path), path.toString());
        assertThat(CrawlerConfig.fromYaml(y.section("crawler"))).isNotNull();
        assertThat(DetectorConfig.fromYaml(y.section("detector")).applicationId()).isEqualTo("afterimage-detector");
        assertThat(SearchConfig.fromYaml(y.section("searchApi")).auth().keysFile()).isEqualTo("keys/keys.json");
    }
}
