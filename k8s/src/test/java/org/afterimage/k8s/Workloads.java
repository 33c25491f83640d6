package org.afterimage.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Afterimage workloads of a rendered overlay, and label-selector matching as Kubernetes does it. */
final class Workloads {
    static final List<String> COMPONENTS = List.of("crawler", "detector", "indexer", "api");

    /** One Deployment or StatefulSet. */
    record Workload(String kind, String name, String component, PodTemplateSpec template, int replicas) {
        Container container() {
            if (template.getSpec().getContainers().size() != 1) {
                throw new AssertionError(name + ": expected one container");
            }
            return template.getSpec().getContainers().get(0);
        }

        Map<String, String> podLabels() {
            return template.getMetadata().getLabels();
        }
    }

    private Workloads() {
    }

    static List<Workload> of(String overlay) {
        List<Workload> out = new ArrayList<>();
        for (Deployment d : Manifests.all(overlay, Deployment.class)) {
            PodTemplateSpec t = d.getSpec().getTemplate();
            out.add(new Workload("Deployment", d.getMetadata().getName(), t.getMetadata().getLabels().get("app.kubernetes.io/component"),
                    t, d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas()));
        }
        for (StatefulSet s : Manifests.all(overlay, StatefulSet.class)) {
            PodTemplateSpec t = s.getSpec().getTemplate();
            out.add(new Workload("StatefulSet", s.getMetadata().getName(), t.getMetadata().getLabels().get("app.kubernetes.io/component"),
                    t, s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas()));
        }
        return out;
    }

    static Workload component(String overlay, String component) {
        return of(overlay).stream().filter(w -> component.equals(w.component())).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no workload for " + component));
    }

    /** matchLabels and matchExpressions, as the API server evaluates them; an empty selector selects everything. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (var e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(l.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String v = l.get(r.getKey());
                boolean ok = switch (r.getOperator()) {
                    case "In" -> v != null && r.getValues().contains(v);
                    case "NotIn" -> v == null || !r.getValues().contains(v);
                    case "Exists" -> v != null;
                    case "DoesNotExist" -> v == null;
                    default -> throw new AssertionError("unknown selector operator " + r.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
