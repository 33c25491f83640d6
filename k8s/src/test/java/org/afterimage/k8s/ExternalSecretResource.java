package org.afterimage.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

import static org.afterimage.k8s.EckElasticsearch.require;

/**
 * The part of the External Secrets Operator's {@code ExternalSecret} (external-secrets.io/v1) the prod overlay
 * uses, as strict records with the required fields checked: where the secret comes from and which Secret it
 * becomes. Same rule as {@link EckElasticsearch}: a field not listed fails the build until it is added.
 */
record ExternalSecretResource(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
    ExternalSecretResource {
        require("external-secrets.io/v1".equals(apiVersion), "apiVersion must be external-secrets.io/v1");
        require("ExternalSecret".equals(kind), "kind must be ExternalSecret");
        require(metadata != null && metadata.getName() != null, "metadata.name is required");
        require(spec != null, "spec is required");
    }

    record Spec(String refreshInterval, StoreRef secretStoreRef, Target target, List<Data> data) {
        Spec {
            require(secretStoreRef != null, "spec.secretStoreRef is required");
            require(target != null && target.name() != null, "spec.target.name is required");
            require(data != null && !data.isEmpty(), "spec.data needs at least one entry");
        }
    }

    record StoreRef(String kind, String name) {
        StoreRef {
            require(name != null, "spec.secretStoreRef.name is required");
            require(kind == null || kind.equals("SecretStore") || kind.equals("ClusterSecretStore"),
                    "spec.secretStoreRef.kind must be SecretStore or ClusterSecretStore, was " + kind);
        }
    }

    record Target(String name, String creationPolicy) {
        Target {
            require(creationPolicy == null || List.of("Owner", "Orphan", "Merge", "None").contains(creationPolicy),
                    "spec.target.creationPolicy must be Owner, Orphan, Merge or None, was " + creationPolicy);
        }
    }

    record Data(String secretKey, RemoteRef remoteRef) {
        Data {
            require(secretKey != null && !secretKey.isBlank(), "spec.data[].secretKey is required");
            require(remoteRef != null && remoteRef.key() != null, "spec.data[].remoteRef.key is required");
        }
    }

    record RemoteRef(String key, String property) {
    }
}
