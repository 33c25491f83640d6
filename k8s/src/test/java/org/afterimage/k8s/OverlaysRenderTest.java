package org.afterimage.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both overlays render with kubectl kustomize, and every object in them loads strictly into its typed model. */
class OverlaysRenderTest {

    @Test
    void kubectlIsThere() {
        // fails (never skips) with the install command when kubectl is missing
        assertThat(Kubectl.locate().executable()).isExecutable();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedObjectLoadsIntoItsTypedModel(String overlay) {
        List<Rendered> objects = Manifests.overlay(overlay);
        assertThat(objects).hasSizeGreaterThan(30);
        assertThat(objects).allSatisfy(r -> assertThat(r.model()).isInstanceOf(StrictModel.KINDS.get(r.apiVersion() + " " + r.kind())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void rendersTheWholeDeployment(String overlay) {
        Map<String, Long> kinds = Manifests.overlay(overlay).stream()
                .collect(Collectors.groupingBy(Rendered::kind, Collectors.counting()));
        assertThat(kinds).containsEntry("Kafka", 1L)
                .containsEntry("KafkaTopic", 9L)
                .containsEntry("Elasticsearch", 1L)
                .containsEntry("Deployment", 3L)
                .containsEntry("StatefulSet", 1L)
                .containsEntry("HorizontalPodAutoscaler", 2L)
                .containsEntry("PodDisruptionBudget", 4L)
                .containsEntry("Ingress", 1L)
                .containsEntry("ConfigMap", 1L)
                .containsEntry("Namespace", 1L)
                .containsKeys("KafkaNodePool", "Service", "NetworkPolicy", "ServiceAccount", "PersistentVolumeClaim");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void namesAreUniquePerKindAndEverythingIsInTheOverlayNamespace(String overlay) {
        List<Rendered> objects = Manifests.overlay(overlay);
        assertThat(objects.stream().map(r -> r.kind() + "/" + r.name()).collect(Collectors.toList()))
                .doesNotHaveDuplicates();
        String namespace = overlay.equals("prod") ? "afterimage" : "afterimage-dev";
        assertThat(objects).filteredOn(r -> !r.kind().equals("Namespace"))
                .allSatisfy(r -> assertThat(r.raw().path("metadata").path("namespace").asText())
                        .as("%s namespace", r).isEqualTo(namespace));
        assertThat(objects).filteredOn(r -> r.kind().equals("Namespace")).extracting(Rendered::name)
                .containsExactly(namespace);
    }

    @Test
    void theTwoOverlaysDifferWhereTheyShould() {
        Function<String, Integer> brokers = o -> Manifests.all(o, io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class)
                .stream().filter(p -> p.getSpec().getRoles().stream().anyMatch(r -> r.toValue().equals("broker")))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        assertThat(brokers.apply("dev")).isEqualTo(1);
        assertThat(brokers.apply("prod")).isEqualTo(3);
    }
}
