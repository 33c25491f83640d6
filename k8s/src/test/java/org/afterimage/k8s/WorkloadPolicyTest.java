package org.afterimage.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.afterimage.k8s.Workloads.Workload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every Afterimage pod: the command, config, probes, resources and a locked-down security context. */
class WorkloadPolicyTest {

    private static Map<String, String> env(Container c) {
        return c.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static Optional<VolumeMount> mountAt(Container c, String path) {
        return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst();
    }

    private static Volume volume(PodSpec spec, String name) {
        return spec.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void oneWorkloadPerComponentRunningItsOwnCommand(String overlay) {
        assertThat(Workloads.of(overlay)).extracting(Workload::component)
                .containsExactlyInAnyOrderElementsOf(Workloads.COMPONENTS);
        assertThat(Workloads.component(overlay, "detector").kind()).isEqualTo("StatefulSet");
        for (Workload w : Workloads.of(overlay)) {
            Container c = w.container();
            // --host 0.0.0.0: the app listens on loopback by default, which the kubelet's probes cannot reach
            assertThat(c.getArgs()).as(w.name()).containsExactly(w.component(), "--config",
                    "/etc/afterimage/afterimage.yaml", "--data", "/var/lib/afterimage", "--host", "0.0.0.0", "--port", "8080");
            assertThat(c.getCommand()).as("%s keeps the image entrypoint (java ... -jar /app/afterimage.jar)", w.name()).isEmpty();
            assertThat(c.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(8080);
            });
            assertThat(c.getImage()).doesNotEndWith(":latest").contains("afterimage/afterimage:");
            if (overlay.equals("prod")) {
                assertThat(c.getImage()).startsWith("registry.example.org/").doesNotContain("SNAPSHOT");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void probesHitTheHealthEndpoints(String overlay) {
        for (Workload w : Workloads.of(overlay)) {
            Container c = w.container();
            for (Probe p : new Probe[] {c.getLivenessProbe(), c.getStartupProbe()}) {
                assertThat(p).as("%s liveness/startup", w.name()).isNotNull();
                assertThat(p.getHttpGet().getPath()).isEqualTo("/health/live");
                assertThat(p.getHttpGet().getPort().getStrVal()).isEqualTo("http");
            }
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).as(w.name()).isEqualTo("/health/ready");
            assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
            assertThat(w.template().getMetadata().getAnnotations())
                    .containsEntry("prometheus.io/path", "/metrics").containsEntry("prometheus.io/port", "8080");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void requestsAndLimitsWithMemoryRequestEqualToLimit(String overlay) {
        for (Workload w : Workloads.of(overlay)) {
            var r = w.container().getResources();
            assertThat(r.getRequests()).as(w.name()).containsKeys("cpu", "memory");
            assertThat(r.getLimits()).as(w.name()).containsKeys("cpu", "memory");
            // a JVM sizes its heap from the limit; a request below it invites an OOM kill under node pressure
            assertThat(r.getRequests().get("memory").getNumericalAmount())
                    .isEqualByComparingTo(r.getLimits().get("memory").getNumericalAmount());
            assertThat(r.getRequests().get("cpu").getNumericalAmount())
                    .isLessThanOrEqualTo(r.getLimits().get("cpu").getNumericalAmount());
            assertThat(env(w.container()).get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=")
                    .contains("-Djava.io.tmpdir=/tmp");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void nonRootReadOnlyNoCapabilitiesRuntimeDefaultSeccomp(String overlay) {
        for (Workload w : Workloads.of(overlay)) {
            PodSpec spec = w.template().getSpec();
            assertThat(spec.getSecurityContext().getRunAsNonRoot()).as(w.name()).isTrue();
            assertThat(spec.getSecurityContext().getRunAsUser()).isPositive();
            assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(spec.getAutomountServiceAccountToken()).isFalse();
            assertThat(spec.getServiceAccountName()).isEqualTo(w.name());
            assertThat(spec.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
            var sc = w.container().getSecurityContext();
            assertThat(sc.getRunAsNonRoot()).isTrue();
            assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
            assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
            assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
            // a read-only root needs a writable /tmp (JVM, RocksDB's native library)
            VolumeMount tmp = mountAt(w.container(), "/tmp").orElseThrow(() -> new AssertionError(w.name() + ": no /tmp"));
            assertThat(volume(spec, tmp.getName()).getEmptyDir()).as(w.name() + " /tmp").isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void configComesFromTheRenderedConfigMapReadOnly(String overlay) {
        ConfigMap config = Manifests.all(overlay, ConfigMap.class).get(0);
        assertThat(config.getMetadata().getName()).startsWith("afterimage-config-");
        for (Workload w : Workloads.of(overlay)) {
            VolumeMount m = mountAt(w.container(), "/etc/afterimage").orElseThrow();
            assertThat(m.getReadOnly()).isTrue();
            assertThat(volume(w.template().getSpec(), m.getName()).getConfigMap().getName())
                    .isEqualTo(config.getMetadata().getName());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachComponentGetsOnlyTheAddressesItUses(String overlay) {
        for (Workload w : Workloads.of(overlay)) {
            Map<String, String> env = env(w.container());
            assertThat(env).as(w.name()).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "afterimage-kafka-bootstrap:9092");
            if (w.component().equals("indexer") || w.component().equals("api")) {
                assertThat(env).containsEntry("ELASTICSEARCH_URL", "http://afterimage-es-http:9200");
            } else {
                assertThat(env).doesNotContainKey("ELASTICSEARCH_URL");
            }
            // secrets only ever through secretKeyRef, never as literal values
            assertThat(w.container().getEnv()).filteredOn(e -> e.getName().matches(".*(KEY|SECRET|PASSWORD|TOKEN).*"))
                    .allSatisfy(e -> {
                        assertThat(e.getValue()).as(e.getName()).isNull();
                        assertThat(e.getValueFrom().getSecretKeyRef()).as(e.getName()).isNotNull();
                    });
        }
        assertThat(env(Workloads.component(overlay, "api").container())).doesNotContainKey("AFTERIMAGE_ADMIN_KEY");
        assertThat(Workloads.component(overlay, "api").container().getEnv()).extracting(EnvVar::getName)
                .contains("AFTERIMAGE_ADMIN_KEY", "AFTERIMAGE_WEBHOOK_SIGNING_SECRET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void detectorKeepsItsStateOnAPersistentVolumeAndIsStaticallyNamed(String overlay) {
        StatefulSet detector = Manifests.one(overlay, StatefulSet.class, "afterimage-detector");
        Container c = detector.getSpec().getTemplate().getSpec().getContainers().get(0);
        VolumeMount state = mountAt(c, "/var/lib/afterimage/detector").orElseThrow();
        assertThat(detector.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(pvc -> {
            assertThat(pvc.getMetadata().getName()).isEqualTo(state.getName());
            assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        });
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("AFTERIMAGE_INSTANCE_ID")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name"));
        assertThat(detector.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(detector.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void crawlerWritesWarcFilesThatTheApiReads(String overlay) {
        Workload crawler = Workloads.component(overlay, "crawler");
        Workload api = Workloads.component(overlay, "api");
        VolumeMount written = mountAt(crawler.container(), "/var/lib/afterimage/warc").orElseThrow();
        VolumeMount read = mountAt(api.container(), "/var/lib/afterimage/warc").orElseThrow();
        assertThat(written.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        assertThat(read.getReadOnly()).isTrue();
        String claim = volume(crawler.template().getSpec(), written.getName()).getPersistentVolumeClaim().getClaimName();
        assertThat(volume(api.template().getSpec(), read.getName()).getPersistentVolumeClaim().getClaimName()).isEqualTo(claim);
        var pvc = Manifests.one(overlay, io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class, claim);
        // several crawler pods on several nodes need RWX in prod; dev is one node
        assertThat(pvc.getSpec().getAccessModes()).containsExactly(overlay.equals("prod") ? "ReadWriteMany" : "ReadWriteOnce");
        assertThat(crawler.container().getEnv()).filteredOn(e -> e.getName().equals("AFTERIMAGE_INSTANCE_ID"))
                .singleElement().satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name"));
    }
}
