package org.afterimage.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The part of ECK's {@code Elasticsearch} (elasticsearch.k8s.elastic.co/v1) these manifests use, as strict
 * records: ECK publishes no Java model. Required fields are checked in the constructors; pod templates and
 * volume claims are fabric8 types, so they are as strict as the standard kinds. A field not listed here fails the
 * build: add it (with the CRD's type) when the manifests start using it.
 */
record EckElasticsearch(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    EckElasticsearch {
        require("elasticsearch.k8s.elastic.co/v1".equals(apiVersion), "apiVersion must be elasticsearch.k8s.elastic.co/v1");
        require("Elasticsearch".equals(kind), "kind must be Elasticsearch");
        require(metadata != null && metadata.getName() != null, "metadata.name is required");
        require(spec != null, "spec is required");
    }

    record Spec(String version, Http http, List<NodeSet> nodeSets) {
        Spec {
            require(version != null && VERSION.matcher(version).matches(), "spec.version is required (x.y.z), was " + version);
            require(nodeSets != null && !nodeSets.isEmpty(), "spec.nodeSets needs at least one node set");
            require(nodeSets.stream().map(NodeSet::name).distinct().count() == nodeSets.size(), "spec.nodeSets names must be unique");
        }
    }

    record Http(Tls tls) {
    }

    record Tls(SelfSignedCertificate selfSignedCertificate) {
    }

    record SelfSignedCertificate(Boolean disabled) {
    }

    record NodeSet(String name, Integer count, Map<String, Object> config, PodTemplateSpec podTemplate,
                   List<PersistentVolumeClaim> volumeClaimTemplates) {
        NodeSet {
            require(name != null && DNS_LABEL.matcher(name).matches() && name.length() <= 23,
                    "spec.nodeSets[].name is required, a DNS label of at most 23 characters, was " + name);
            require(count != null && count >= 0, "spec.nodeSets[" + name + "].count is required and >= 0");
            if (volumeClaimTemplates != null) {
                volumeClaimTemplates.forEach(v -> require(v.getMetadata() != null && v.getMetadata().getName() != null,
                        "spec.nodeSets[" + name + "].volumeClaimTemplates[].metadata.name is required"));
            }
        }
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** All node sets' counts. */
    int nodes() {
        return spec.nodeSets().stream().mapToInt(NodeSet::count).sum();
    }
}
