package org.afterimage.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.afterimage.k8s.Workloads.Workload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only what must talk, talks: the policies that select each pod, evaluated as the API server would. */
class NetworkPolicyTest {
    private static final Map<String, Set<Integer>> EGRESS_PORTS = Map.of(
            "crawler", Set.of(53, 9092, 80, 443),
            "detector", Set.of(53, 9092),
            "indexer", Set.of(53, 9092, 9200),
            "api", Set.of(53, 9092, 9200, 80, 443));

    private static List<NetworkPolicy> selecting(String overlay, Map<String, String> podLabels) {
        return Manifests.all(overlay, NetworkPolicy.class).stream()
                .filter(p -> Workloads.selects(p.getSpec().getPodSelector(), podLabels)).toList();
    }

    private static Set<Integer> ports(List<NetworkPolicyPort> ports) {
        assertThat(ports).as("a rule without ports opens every port").isNotEmpty();
        Set<Integer> out = new TreeSet<>();
        ports.forEach(p -> out.add(p.getPort().getIntVal()));
        return out;
    }

    private static List<NetworkPolicyEgressRule> egress(String overlay, Workload w) {
        return selecting(overlay, w.podLabels()).stream().filter(p -> p.getSpec().getPolicyTypes().contains("Egress"))
                .flatMap(p -> p.getSpec().getEgress() == null ? java.util.stream.Stream.empty() : p.getSpec().getEgress().stream())
                .toList();
    }

    private static List<NetworkPolicyIngressRule> ingress(String overlay, Workload w) {
        return selecting(overlay, w.podLabels()).stream().filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
                .flatMap(p -> p.getSpec().getIngress() == null ? java.util.stream.Stream.empty() : p.getSpec().getIngress().stream())
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyAfterimagePodStartsFromDenyAll(String overlay) {
        for (Workload w : Workloads.of(overlay)) {
            assertThat(selecting(overlay, w.podLabels())).as(w.name())
                    .anySatisfy(p -> {
                        assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
                        assertThat(p.getSpec().getIngress()).isNullOrEmpty();
                        assertThat(p.getSpec().getEgress()).isNullOrEmpty();
                    });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachComponentReachesOnlyWhatItUses(String overlay) {
        for (Workload w : Workloads.of(overlay)) {
            List<NetworkPolicyEgressRule> rules = egress(overlay, w);
            Set<Integer> reachable = new TreeSet<>();
            rules.forEach(r -> {
                assertThat(r.getTo()).as("%s: an egress rule without peers reaches everything", w.name()).isNotEmpty();
                reachable.addAll(ports(r.getPorts()));
            });
            assertThat(reachable).as(w.name()).containsExactlyInAnyOrderElementsOf(EGRESS_PORTS.get(w.component()));
            boolean internet = rules.stream().flatMap(r -> r.getTo().stream()).anyMatch(p -> p.getIpBlock() != null);
            assertThat(internet).as("%s reaches the internet", w.name())
                    .isEqualTo(w.component().equals("crawler") || w.component().equals("api"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void internetEgressIsWebOnlyAndNeverPrivateOrMetadataAddresses(String overlay) {
        for (Workload w : Workloads.of(overlay)) {
            for (NetworkPolicyEgressRule r : egress(overlay, w)) {
                for (NetworkPolicyPeer peer : r.getTo()) {
                    if (peer.getIpBlock() != null) {
                        assertThat(ports(r.getPorts())).as(w.name()).containsExactlyInAnyOrder(80, 443);
                        assertThat(peer.getIpBlock().getExcept()).as(w.name())
                                .contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheApiIsReachableFromTheIngressController(String overlay) {
        for (Workload w : Workloads.of(overlay)) {
            Set<String> from = new TreeSet<>();
            for (NetworkPolicyIngressRule r : ingress(overlay, w)) {
                assertThat(r.getFrom()).as("%s: an ingress rule without peers admits everyone", w.name()).isNotEmpty();
                assertThat(ports(r.getPorts())).as(w.name()).containsExactly(8080);
                r.getFrom().forEach(p -> {
                    assertThat(p.getIpBlock()).as(w.name()).isNull();
                    from.add(p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
                });
            }
            assertThat(from).as(w.name()).containsExactlyInAnyOrderElementsOf(
                    w.component().equals("api") ? List.of("ingress-nginx", "monitoring") : List.of("monitoring"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void elasticsearchAdmitsTheIndexerAndTheApiOnly(String overlay) {
        Map<String, String> esPod = Map.of("elasticsearch.k8s.elastic.co/cluster-name", "afterimage");
        List<NetworkPolicy> policies = selecting(overlay, esPod);
        assertThat(policies).hasSize(1);
        NetworkPolicyIngressRule http = policies.get(0).getSpec().getIngress().stream()
                .filter(r -> ports(r.getPorts()).contains(9200)).findFirst().orElseThrow();
        for (Workload w : Workloads.of(overlay)) {
            boolean admitted = http.getFrom().stream().anyMatch(p -> p.getNamespaceSelector() == null
                    && Workloads.selects(p.getPodSelector(), w.podLabels()));
            assertThat(admitted).as(w.name()).isEqualTo(w.component().equals("indexer") || w.component().equals("api"));
        }
    }
}
