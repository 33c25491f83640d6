package org.afterimage.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strict loader rejects what the API server or an operator would reject (or silently ignore): each test
 * takes a real object from the rendered prod overlay, breaks one thing, and expects the load to fail naming it.
 */
class StrictModelTest {

    private static JsonNode rendered(String kind, String name) {
        return Manifests.matching("prod", r -> r.kind().equals(kind) && r.name().equals(name)).get(0).raw().deepCopy();
    }

    private static JsonNode broken(String kind, String name, Consumer<ObjectNode> breakIt) {
        ObjectNode doc = (ObjectNode) rendered(kind, name);
        breakIt.accept(doc);
        return doc;
    }

    private static ObjectNode at(JsonNode node, String pointer) {
        return (ObjectNode) node.at(pointer);
    }

    @Test
    void theUnbrokenObjectsLoad() {
        assertThat(StrictModel.load(rendered("Deployment", "afterimage-crawler")).model())
                .isInstanceOf(io.fabric8.kubernetes.api.model.apps.Deployment.class);
        assertThat(StrictModel.load(rendered("KafkaTopic", "afterimage-posts")).model())
                .isInstanceOf(io.strimzi.api.kafka.model.topic.KafkaTopic.class);
    }

    @Test
    void misspeltDeploymentFieldFails() {
        // fabric8 would otherwise keep "replica" in additionalProperties and the API server would drop it
        JsonNode doc = broken("Deployment", "afterimage-indexer", d -> at(d, "/spec").put("replica", 3));
        assertThatThrownBy(() -> StrictModel.load(doc)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("apps/v1 Deployment afterimage-indexer")
                .hasMessageContaining("\"replica\"");
    }

    @Test
    void misspeltFieldDeepInAPodTemplateFails() {
        JsonNode doc = broken("StatefulSet", "afterimage-detector",
                d -> at(d, "/spec/template/spec/containers/0/securityContext").put("readOnlyRootFileSystem", true));
        assertThatThrownBy(() -> StrictModel.load(doc)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("readOnlyRootFileSystem");
    }

    @Test
    void wrongTypeFails() {
        JsonNode replicasAsText = broken("Deployment", "afterimage-indexer", d -> at(d, "/spec").put("replicas", "two"));
        assertThatThrownBy(() -> StrictModel.load(replicasAsText)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("replicas");
        // "2" would be coerced by a lenient mapper; the API server rejects a string there
        JsonNode replicasQuoted = broken("Deployment", "afterimage-indexer", d -> at(d, "/spec").put("replicas", "2"));
        assertThatThrownBy(() -> StrictModel.load(replicasQuoted)).isInstanceOf(AssertionError.class);
        // and an env value must be a string, not a number
        JsonNode envNumber = broken("Deployment", "afterimage-api",
                d -> at(d, "/spec/template/spec/containers/0/env/0").put("value", 9092));
        assertThatThrownBy(() -> StrictModel.load(envNumber)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("value");
    }

    @Test
    void misspeltStrimziFieldFails() {
        // Strimzi keeps unknown fields too (UnknownPropertyPreserving): the topic operator would ignore "partitons"
        JsonNode doc = broken("KafkaTopic", "afterimage-events", t -> {
            ObjectNode spec = at(t, "/spec");
            spec.set("partitons", spec.remove("partitions"));
        });
        assertThatThrownBy(() -> StrictModel.load(doc)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("kafka.strimzi.io/v1 KafkaTopic afterimage-events")
                .hasMessageContaining("partitons");
    }

    @Test
    void wrongStrimziEnumAndTypeFail() {
        JsonNode badListener = broken("Kafka", "afterimage",
                k -> at(k, "/spec/kafka/listeners/0").put("type", "internel"));
        // Strimzi's enums read an unknown value as null: caught as a missing required field
        assertThatThrownBy(() -> StrictModel.load(badListener)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("listeners[0].type");
        // and where the field is optional, by the round trip: the value doesn't come back
        JsonNode badRole = broken("KafkaNodePool", "brokers", p -> ((ArrayNode) p.at("/spec/roles")).add("brokre"));
        assertThatThrownBy(() -> StrictModel.load(badRole)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("brokre");
        JsonNode badReplicas = broken("KafkaNodePool", "brokers", p -> at(p, "/spec").put("replicas", "three"));
        assertThatThrownBy(() -> StrictModel.load(badReplicas)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("replicas");
    }

    @Test
    void missingRequiredStrimziFieldFails() {
        JsonNode doc = broken("Kafka", "afterimage", k -> at(k, "/spec").remove("kafka"));
        assertThatThrownBy(() -> StrictModel.load(doc)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("required fields missing").hasMessageContaining("kafka");
    }

    @Test
    void eckElasticsearchNeedsVersionAndNodeSets() {
        JsonNode noVersion = broken("Elasticsearch", "afterimage", e -> at(e, "/spec").remove("version"));
        assertThatThrownBy(() -> StrictModel.load(noVersion)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("spec.version is required");
        JsonNode noNodeSets = broken("Elasticsearch", "afterimage", e -> at(e, "/spec").putArray("nodeSets"));
        assertThatThrownBy(() -> StrictModel.load(noNodeSets)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("spec.nodeSets");
        JsonNode noCount = broken("Elasticsearch", "afterimage",
                e -> at(e, "/spec/nodeSets/0").remove("count"));
        assertThatThrownBy(() -> StrictModel.load(noCount)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("count is required");
        JsonNode misspelt = broken("Elasticsearch", "afterimage", e -> at(e, "/spec/nodeSets/1").put("cuont", 3));
        assertThatThrownBy(() -> StrictModel.load(misspelt)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("cuont");
        JsonNode badPodTemplate = broken("Elasticsearch", "afterimage",
                e -> at(e, "/spec/nodeSets/0/podTemplate/spec").put("contianers", "x"));
        assertThatThrownBy(() -> StrictModel.load(badPodTemplate)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("contianers");
    }

    @Test
    void wrongApiVersionOrUnknownKindFails() {
        JsonNode oldApi = broken("Deployment", "afterimage-crawler", d -> d.put("apiVersion", "extensions/v1beta1"));
        assertThatThrownBy(() -> StrictModel.load(oldApi)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no typed model for extensions/v1beta1 Deployment");
        JsonNode typo = broken("KafkaTopic", "afterimage-posts", t -> t.put("kind", "KafkaTopics"));
        assertThatThrownBy(() -> StrictModel.load(typo)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("KafkaTopics");
        JsonNode noName = broken("Service", "afterimage-api", s -> at(s, "/metadata").remove("name"));
        assertThatThrownBy(() -> StrictModel.load(noName)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("metadata.name");
    }

    @Test
    void externalSecretNeedsAStoreATargetAndData() {
        JsonNode noData = broken("ExternalSecret", "afterimage-api-keys", e -> at(e, "/spec").remove("data"));
        assertThatThrownBy(() -> StrictModel.load(noData)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("spec.data");
        JsonNode badStoreKind = broken("ExternalSecret", "afterimage-api-keys",
                e -> at(e, "/spec/secretStoreRef").put("kind", "Vault"));
        assertThatThrownBy(() -> StrictModel.load(badStoreKind)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("secretStoreRef.kind");
    }

    @Test
    void theRegistryMatchesTheModelsOwnApiVersions() {
        StrictModel.KINDS.forEach((key, type) -> {
            if (io.fabric8.kubernetes.api.model.HasMetadata.class.isAssignableFrom(type)
                    && type.getPackageName().startsWith("io.fabric8")) {
                @SuppressWarnings("unchecked")
                Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> k8s =
                        (Class<? extends io.fabric8.kubernetes.api.model.HasMetadata>) type;
                assertThat(io.fabric8.kubernetes.api.model.HasMetadata.getApiVersion(k8s) + " "
                        + io.fabric8.kubernetes.api.model.HasMetadata.getKind(k8s)).isEqualTo(key);
            }
        });
        assertThat(io.strimzi.api.kafka.model.kafka.Kafka.VERSIONS).contains("v1");
    }

    @Test
    void aBrokenKustomizationFailsWithKubectlsMessage(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - missing.yaml\n");
        assertThatThrownBy(() -> Kubectl.locate().kustomize(dir)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("kustomize").hasMessageContaining("missing.yaml");
    }

    @Test
    void aMissingKubectlFailsWithTheInstallCommand() {
        String before = System.getProperty("kubectl");
        System.setProperty("kubectl", "/nonexistent/kubectl");
        try {
            assertThatThrownBy(Kubectl::locate).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("apt-get install -y kubernetes-client");
        } finally {
            if (before == null) {
                System.clearProperty("kubectl");
            } else {
                System.setProperty("kubectl", before);
            }
        }
    }

    @Test
    void emptyDocumentsAreSkippedAndGarbageIsRefused() {
        assertThat(StrictModel.documents("---\n---\n")).isEmpty();
        assertThatThrownBy(() -> StrictModel.load("apiVersion: v1\nkind: [unclosed\n"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not valid YAML");
        ArrayNode notAnObject = StrictModel.STRICT.createArrayNode().add(1);
        assertThatThrownBy(() -> StrictModel.load(notAnObject)).isInstanceOf(AssertionError.class);
    }
}
