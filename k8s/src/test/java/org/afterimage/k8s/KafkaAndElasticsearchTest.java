package org.afterimage.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The topics match the contract (DESIGN.md §3), Kafka and Elasticsearch can hold what the overlay asks of them. */
class KafkaAndElasticsearchTest {
    private static final List<String> KEYED = List.of("afterimage.captures", "afterimage.recrawl-requests",
            "afterimage.posts", "afterimage.events");

    private static Map<String, KafkaTopic> topics(String overlay) {
        return Manifests.all(overlay, KafkaTopic.class).stream()
                .collect(Collectors.toMap(t -> t.getSpec().getTopicName(), t -> t));
    }

    private static int nodes(String overlay, String role) {
        return Manifests.all(overlay, KafkaNodePool.class).stream()
                .filter(p -> p.getSpec().getRoles().stream().anyMatch(r -> r.toValue().equals(role)))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
    }

    private static int intConfig(Map<String, Object> config, String key) {
        Object v = config.get(key);
        assertThat(v).as(key).isInstanceOf(Number.class);
        return ((Number) v).intValue();
    }

    static JsonNode afterimageYaml(String overlay) throws Exception {
        ConfigMap cm = Manifests.all(overlay, ConfigMap.class).get(0);
        String yaml = cm.getData().get("afterimage.yaml");
        assertThat(yaml).as("ConfigMap key afterimage.yaml").isNotBlank();
        return new ObjectMapper(new YAMLFactory()).readTree(yaml);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theTopicsOfTheContract(String overlay) {
        Map<String, KafkaTopic> topics = topics(overlay);
        // the pipeline's five (Topics.specs) and the search API's four (Topics.alertSpecs, Topics.redactionsSpec)
        org.afterimage.model.kafka.Topics contract = org.afterimage.model.kafka.Topics.DEFAULT;
        java.util.List<org.afterimage.model.kafka.Topics.Spec> specs = new java.util.ArrayList<>(contract.specs(3));
        specs.addAll(contract.alertSpecs(3));
        specs.add(contract.redactionsSpec());
        assertThat(topics).containsOnlyKeys(specs.stream().map(org.afterimage.model.kafka.Topics.Spec::name).toArray(String[]::new));
        for (var spec : specs) {
            Object policy = topics.get(spec.name()).getSpec().getConfig().get("cleanup.policy");
            assertThat(policy).as("%s cleanup.policy", spec.name()).isEqualTo(spec.compacted() ? "compact" : null);
        }
        assertThat(topics.get("afterimage.redactions").getSpec().getConfig()).containsEntry("retention.ms", -1);
        Kafka kafka = Manifests.all(overlay, Kafka.class).get(0);
        topics.values().forEach(t -> assertThat(t.getMetadata().getLabels())
                .as("%s: the topic operator ignores a topic without its cluster label", t.getMetadata().getName())
                .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName()));
        assertThat(topics.get("afterimage.posts").getSpec().getConfig()).containsEntry("cleanup.policy", "compact");
        assertThat(topics.get("afterimage.events").getSpec().getConfig()).containsEntry("retention.ms", -1);
        assertThat(topics.get("afterimage.dead-letters").getSpec().getPartitions()).isEqualTo(1);
        // co-partitioned on the post key
        assertThat(KEYED.stream().map(n -> topics.get(n).getSpec().getPartitions()).distinct()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void replicationFitsTheBrokers(String overlay) {
        int brokers = nodes(overlay, "broker");
        Kafka kafka = Manifests.all(overlay, Kafka.class).get(0);
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        for (KafkaTopic t : topics(overlay).values()) {
            int replicas = t.getSpec().getReplicas();
            assertThat(replicas).as(t.getSpec().getTopicName()).isBetween(1, brokers);
            int minIsr = t.getSpec().getConfig().containsKey("min.insync.replicas")
                    ? intConfig(t.getSpec().getConfig(), "min.insync.replicas") : intConfig(config, "min.insync.replicas");
            assertThat(minIsr).as("%s min.insync.replicas", t.getSpec().getTopicName())
                    .isLessThanOrEqualTo(replicas).isLessThan(Math.max(2, replicas));
        }
        for (String key : List.of("transaction.state.log.replication.factor", "offsets.topic.replication.factor",
                "default.replication.factor")) {
            assertThat(intConfig(config, key)).as(key).isLessThanOrEqualTo(brokers);
        }
        assertThat(intConfig(config, "transaction.state.log.min.isr"))
                .isLessThanOrEqualTo(intConfig(config, "transaction.state.log.replication.factor"));
        assertThat(config).containsEntry("auto.create.topics.enable", false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod"})
    void prodSurvivesABrokerLossWithExactlyOnceIntact(String overlay) {
        Kafka kafka = Manifests.all(overlay, Kafka.class).get(0);
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        // exactly_once_v2 transactions stall if the transaction log can't reach its ISR
        assertThat(intConfig(config, "transaction.state.log.replication.factor")).isGreaterThanOrEqualTo(3);
        assertThat(intConfig(config, "transaction.state.log.min.isr")).isEqualTo(2);
        assertThat(intConfig(config, "offsets.topic.replication.factor")).isGreaterThanOrEqualTo(3);
        assertThat(nodes(overlay, "broker")).isGreaterThanOrEqualTo(3);
        assertThat(nodes(overlay, "controller")).isGreaterThanOrEqualTo(3).isOdd();
        topics(overlay).values().forEach(t -> {
            assertThat(t.getSpec().getReplicas()).as(t.getSpec().getTopicName()).isEqualTo(3);
            assertThat(t.getSpec().getConfig()).containsEntry("min.insync.replicas", 2);
        });
        assertThat(topics(overlay).get("afterimage.captures").getSpec().getPartitions()).isGreaterThanOrEqualTo(12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kraftNodePoolsAndAListenerTheComponentsCanReach(String overlay) {
        Kafka kafka = Manifests.all(overlay, Kafka.class).get(0);
        assertThat(Manifests.all(overlay, KafkaNodePool.class)).allSatisfy(p ->
                assertThat(p.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka.getMetadata().getName()));
        assertThat(nodes(overlay, "controller")).isPositive();
        assertThat(kafka.getSpec().getEntityOperator().getTopicOperator()).as("topic operator for KafkaTopic").isNotNull();
        GenericKafkaListener plain = kafka.getSpec().getKafka().getListeners().stream()
                .filter(l -> l.getPort() == 9092).findFirst().orElseThrow();
        assertThat(plain.getType().toValue()).isEqualTo("internal");
        // the Strimzi-generated NetworkPolicy admits exactly the Afterimage pods
        assertThat(plain.getNetworkPolicyPeers()).singleElement().satisfies(peer ->
                Workloads.of(overlay).forEach(w -> assertThat(Workloads.selects(peer.getPodSelector(), w.podLabels()))
                        .as(w.name()).isTrue()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void detectorAndCrawlerScaleWithinThePartitions(String overlay) throws Exception {
        int partitions = topics(overlay).get("afterimage.captures").getSpec().getPartitions();
        StatefulSet detector = Manifests.one(overlay, StatefulSet.class, "afterimage-detector");
        assertThat(detector.getSpec().getReplicas()).isLessThanOrEqualTo(partitions);
        var crawlerHpa = Manifests.one(overlay,
                io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class, "afterimage-crawler");
        assertThat(crawlerHpa.getSpec().getMaxReplicas())
                .isLessThanOrEqualTo(topics(overlay).get("afterimage.recrawl-requests").getSpec().getPartitions());
        JsonNode detectorConfig = afterimageYaml(overlay).path("detector");
        assertThat(detectorConfig.path("applicationId").asText()).isEqualTo("afterimage-detector");
        int standby = detectorConfig.path("processing").path("standbyReplicas").asInt(-1);
        assertThat(standby).isBetween(0, detector.getSpec().getReplicas() - 1);
        if (overlay.equals("prod")) {
            assertThat(standby).as("prod keeps a warm copy of every task").isGreaterThanOrEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void elasticsearchIsTheProjectsVersionAndHoldsTheConfiguredReplicas(String overlay) throws Exception {
        EckElasticsearch es = Manifests.all(overlay, EckElasticsearch.class).get(0);
        assertThat(es.spec().version()).isEqualTo("9.2.0");
        assertThat(es.metadata().getName()).isEqualTo("afterimage");
        int dataNodes = es.spec().nodeSets().stream()
                .filter(n -> n.config() == null || !n.config().containsKey("node.roles")
                        || ((List<?>) n.config().get("node.roles")).contains("data"))
                .mapToInt(EckElasticsearch.NodeSet::count).sum();
        JsonNode index = afterimageYaml(overlay).path("searchApi").path("elasticsearch");
        // a replica needs another data node, or the index stays yellow
        assertThat(index.path("replicas").asInt(-1)).isBetween(0, dataNodes - 1);
        assertThat(index.path("shards").asInt(0)).isPositive();
        if (overlay.equals("prod")) {
            int masters = es.spec().nodeSets().stream()
                    .filter(n -> n.config() != null && n.config().containsKey("node.roles")
                            && ((List<?>) n.config().get("node.roles")).contains("master"))
                    .mapToInt(EckElasticsearch.NodeSet::count).sum();
            assertThat(masters).isEqualTo(3);
            assertThat(index.path("replicas").asInt()).isGreaterThanOrEqualTo(1);
        }
        es.spec().nodeSets().forEach(n -> assertThat(n.podTemplate().getSpec().getContainers()).singleElement()
                .satisfies(c -> {
                    assertThat(c.getName()).isEqualTo("elasticsearch");
                    assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
                }));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theConfigFileHoldsNoSecrets(String overlay) throws Exception {
        String yaml = Manifests.all(overlay, ConfigMap.class).get(0).getData().get("afterimage.yaml");
        assertThat(yaml.toLowerCase(java.util.Locale.ROOT)).doesNotContainPattern("(password|secret|apikey|api_key|token)\\s*:");
        assertThat(afterimageYaml(overlay).fieldNames()).toIterable().contains("crawler", "detector", "searchApi");
    }
}
