package org.afterimage.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.afterimage.k8s.Workloads.Workload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Everything a manifest names exists in the overlay, and no real secret is in the repository. */
class ReferencesAndSecretsTest {
    /** Created by ECK for the cluster named afterimage: referenced, never rendered. */
    private static final String ECK_ELASTIC_USER = "afterimage-es-elastic-user";

    private static Map<String, Set<String>> secretKeysReferenced(String overlay) {
        Map<String, Set<String>> refs = new HashMap<>();
        for (Workload w : Workloads.of(overlay)) {
            for (EnvVar e : w.container().getEnv()) {
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                    refs.computeIfAbsent(e.getValueFrom().getSecretKeyRef().getName(), k -> new HashSet<>())
                            .add(e.getValueFrom().getSecretKeyRef().getKey());
                }
            }
        }
        return refs;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesIngressHpasAndPdbsPointAtWhatExists(String overlay) {
        List<Workload> workloads = Workloads.of(overlay);
        for (Service s : Manifests.all(overlay, Service.class)) {
            List<Workload> backends = workloads.stream()
                    .filter(w -> Workloads.selects(s.getSpec().getSelector(), w.podLabels())).toList();
            assertThat(backends).as("%s selects exactly one workload", s.getMetadata().getName()).hasSize(1);
            s.getSpec().getPorts().forEach(p -> assertThat(backends.get(0).container().getPorts())
                    .anyMatch(cp -> cp.getName().equals(p.getTargetPort().getStrVal())));
        }
        for (PodDisruptionBudget pdb : Manifests.all(overlay, PodDisruptionBudget.class)) {
            assertThat(workloads.stream().filter(w -> Workloads.selects(pdb.getSpec().getSelector(), w.podLabels())))
                    .as(pdb.getMetadata().getName()).hasSize(1);
        }
        assertThat(Manifests.all(overlay, PodDisruptionBudget.class)).hasSize(workloads.size());
        for (HorizontalPodAutoscaler hpa : Manifests.all(overlay, HorizontalPodAutoscaler.class)) {
            var target = hpa.getSpec().getScaleTargetRef();
            assertThat(workloads).as(hpa.getMetadata().getName())
                    .anyMatch(w -> w.kind().equals(target.getKind()) && w.name().equals(target.getName()));
            assertThat(hpa.getSpec().getMetrics()).anySatisfy(m -> {
                assertThat(m.getResource().getName()).isEqualTo("cpu");
                assertThat(m.getResource().getTarget().getAverageUtilization()).isBetween(50, 90);
            });
            assertThat(hpa.getSpec().getMinReplicas()).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
        }
        assertThat(Manifests.all(overlay, HorizontalPodAutoscaler.class))
                .extracting(h -> h.getSpec().getScaleTargetRef().getName())
                .containsExactlyInAnyOrder("afterimage-crawler", "afterimage-api");
        Ingress ingress = Manifests.one(overlay, Ingress.class, "afterimage-api");
        ingress.getSpec().getRules().forEach(r -> r.getHttp().getPaths().forEach(p -> {
            Service backend = Manifests.one(overlay, Service.class, p.getBackend().getService().getName());
            assertThat(backend.getSpec().getPorts()).anyMatch(sp -> sp.getName().equals(p.getBackend().getService().getPort().getName()));
            assertThat(backend.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "api");
        }));
        StatefulSet detector = Manifests.one(overlay, StatefulSet.class, "afterimage-detector");
        assertThat(Manifests.one(overlay, Service.class, detector.getSpec().getServiceName()).getSpec().getClusterIP())
                .isEqualTo("None");
        for (Workload w : workloads) {
            Manifests.one(overlay, ServiceAccount.class, w.template().getSpec().getServiceAccountName());
            w.template().getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                    .forEach(v -> Manifests.one(overlay, PersistentVolumeClaim.class, v.getPersistentVolumeClaim().getClaimName()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod"})
    void prodKeepsServingThroughAVoluntaryDisruption(String overlay) {
        // maxUnavailable 1 only leaves something running when there are at least two
        for (Workload w : Workloads.of(overlay)) {
            int min = Manifests.all(overlay, HorizontalPodAutoscaler.class).stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(w.name()))
                    .map(h -> h.getSpec().getMinReplicas()).findFirst().orElse(w.replicas());
            assertThat(min).as(w.name()).isGreaterThanOrEqualTo(2);
        }
        Ingress ingress = Manifests.one(overlay, Ingress.class, "afterimage-api");
        assertThat(ingress.getSpec().getTls()).as("TLS on the public ingress").isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev"})
    void devSecretsArePlaceholdersCoveringEveryReference(String overlay) {
        List<Secret> secrets = Manifests.all(overlay, Secret.class);
        for (Secret s : secrets) {
            assertThat(s.getData()).as("base64 data hides what it holds: use stringData placeholders").isNullOrEmpty();
            assertThat(s.getStringData().values()).as(s.getMetadata().getName())
                    .allSatisfy(v -> assertThat(v).startsWith("CHANGE-ME"));
        }
        secretKeysReferenced(overlay).forEach((name, keys) -> {
            if (!name.equals(ECK_ELASTIC_USER)) {
                Secret s = Manifests.one(overlay, Secret.class, name);
                assertThat(s.getStringData()).as(name).containsKeys(keys.toArray(String[]::new));
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod"})
    void prodRendersNoSecretAndTakesThemFromTheExternalStore(String overlay) {
        assertThat(Manifests.all(overlay, Secret.class)).as("no Secret object in prod").isEmpty();
        List<ExternalSecretResource> external = Manifests.all(overlay, ExternalSecretResource.class);
        secretKeysReferenced(overlay).forEach((name, keys) -> {
            if (!name.equals(ECK_ELASTIC_USER)) {
                assertThat(external).as(name).anySatisfy(e -> {
                    assertThat(e.spec().target().name()).isEqualTo(name);
                    assertThat(e.spec().data()).extracting(ExternalSecretResource.Data::secretKey)
                            .containsAll(keys);
                });
            }
        });
        assertThat(secretKeysReferenced(overlay)).containsKey(ECK_ELASTIC_USER);
    }
}
