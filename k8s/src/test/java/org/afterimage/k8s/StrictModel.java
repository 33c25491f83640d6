package org.afterimage.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads rendered Kubernetes YAML strictly into typed models: fabric8 for the standard kinds, Strimzi's own API
 * model for Strimzi, small records (this package) for ECK and External Secrets.
 *
 * <p>The trap this closes: fabric8 and Strimzi models keep unknown fields in an {@code additionalProperties}
 * map (a Jackson any-setter), so {@code FAIL_ON_UNKNOWN_PROPERTIES} alone accepts {@code replica: 3}. Here the
 * any-setters are removed from every bean deserializer, so a misspelt field fails with its path; scalar coercion
 * is off, so {@code replicas: "3"} or an env {@code value: 8080} fails as the API server would reject it; and
 * properties Strimzi marks {@code required} must be present.
 */
final class StrictModel {

    /** apiVersion + " " + kind → the model class. Anything else in a rendered overlay fails the build. */
    static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1 ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1 Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1 Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("v1 ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("v1 PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
            Map.entry("v1 Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("apps/v1 Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("apps/v1 StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
            Map.entry("autoscaling/v2 HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry("policy/v1 PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1 NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1 Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class),
            Map.entry("kafka.strimzi.io/v1 Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("kafka.strimzi.io/v1 KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1 KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("elasticsearch.k8s.elastic.co/v1 Elasticsearch", EckElasticsearch.class),
            Map.entry("external-secrets.io/v1 ExternalSecret", ExternalSecretResource.class));

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper STRICT = strictMapper();

    private StrictModel() {
    }

    private static ObjectMapper strictMapper() {
        SimpleModule strict = new SimpleModule("afterimage-strict");
        strict.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                                                         BeanDeserializerBuilder builder) {
                // no catch-all map for unknown fields, no @JsonIgnoreProperties(ignoreUnknown = true)
                builder.setAnySetter(null);
                builder.setIgnoreUnknownProperties(false);
                return builder;
            }
        });
        JsonMapper mapper = JsonMapper.builder()
                .addModule(strict)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // a number or boolean where Kubernetes wants a string (env values, annotations, labels) is an error there
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** Every non-empty document of a multi-document YAML stream, as trees. */
    static List<JsonNode> documents(String yaml) {
        try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
            List<JsonNode> docs = new ArrayList<>();
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("rendered output is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** Loads every document strictly; the first failure is an AssertionError naming the object and the field. */
    static List<Rendered> load(String yaml) {
        List<Rendered> out = new ArrayList<>();
        for (JsonNode doc : documents(yaml)) {
            out.add(load(doc));
        }
        return out;
    }

    static Rendered load(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText("");
        String kind = doc.path("kind").asText("");
        String name = doc.path("metadata").path("name").asText("");
        String id = apiVersion + " " + kind + " " + (name.isEmpty() ? "<no metadata.name>" : name);
        if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
            throw new AssertionError(id + ": every object needs apiVersion, kind and metadata.name");
        }
        Class<?> type = KINDS.get(apiVersion + " " + kind);
        if (type == null) {
            throw new AssertionError(id + ": no typed model for " + apiVersion + " " + kind
                    + " (known: " + KINDS.keySet().stream().sorted().toList() + "). A misspelt apiVersion or kind, "
                    + "or a new kind that needs a model in StrictModel.KINDS.");
        }
        Object model;
        try {
            model = STRICT.treeToValue(doc, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new AssertionError(id + " does not fit " + type.getName() + ": " + message(e), e);
        }
        List<String> missing = new ArrayList<>();
        requiredProperties(model, kind, missing, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!missing.isEmpty()) {
            throw new AssertionError(id + ": required fields missing: " + missing);
        }
        // what the model can't say back, it didn't understand: Strimzi reads an unknown enum value as null
        List<String> lost = new ArrayList<>();
        JsonNode back = STRICT.valueToTree(model);
        // apiVersion is already checked by the registry; Strimzi's model always writes back its storage version
        ((com.fasterxml.jackson.databind.node.ObjectNode) back).set("apiVersion", doc.get("apiVersion"));
        lostInRoundTrip(doc, back, "", lost);
        if (!lost.isEmpty()) {
            throw new AssertionError(id + ": not understood by " + type.getName() + " (written, but read back "
                    + "differently): " + lost);
        }
        return new Rendered(apiVersion, kind, name, model, doc);
    }

    /** Every value of {@code raw} must come back equal from the model (extra defaults in {@code back} are fine). */
    private static void lostInRoundTrip(JsonNode raw, JsonNode back, String path, List<String> lost) {
        if (raw.isObject()) {
            raw.properties().forEach(e -> {
                String childPath = path + "." + e.getKey();
                JsonNode other = back == null ? null : back.get(e.getKey());
                if (other == null || other.isNull()) {
                    if (!isDefault(e.getValue())) {
                        lost.add(childPath + "=" + e.getValue() + " (read back as nothing)");
                    }
                } else {
                    lostInRoundTrip(e.getValue(), other, childPath, lost);
                }
            });
        } else if (raw.isArray()) {
            if (back == null || !back.isArray() || back.size() != raw.size()) {
                lost.add(path + "=" + raw + " (read back as " + back + ")");
                return;
            }
            for (int i = 0; i < raw.size(); i++) {
                lostInRoundTrip(raw.get(i), back.get(i), path + "[" + i + "]", lost);
            }
        } else if (raw.isNumber() && back.isNumber()) {
            if (raw.decimalValue().compareTo(back.decimalValue()) != 0) {
                lost.add(path + "=" + raw + " (read back as " + back + ")");
            }
        } else if (!raw.equals(back)) {
            lost.add(path + "=" + raw + " (read back as " + back + ")");
        }
    }

    /** Models leave out default values when writing (false, 0, empty): not a loss. */
    private static boolean isDefault(JsonNode value) {
        return value.isNull() || (value.isBoolean() && !value.booleanValue())
                || (value.isNumber() && value.decimalValue().signum() == 0)
                || (value.isContainerNode() && value.isEmpty()) || (value.isTextual() && value.textValue().isEmpty());
    }

    /** Walks the typed object: every property annotated {@code @JsonProperty(required = true)} must be set. */
    private static void requiredProperties(Object value, String path, List<String> missing, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                requiredProperties(item, path + "[" + i++ + "]", missing, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> requiredProperties(v, path + "." + k, missing, seen));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!(pkg.startsWith("io.strimzi.") || pkg.startsWith("io.fabric8.") || pkg.equals("org.afterimage.k8s"))
                || value.getClass().isEnum()) {
            return;
        }
        BeanDescription description = STRICT.getSerializationConfig().introspect(STRICT.constructType(value.getClass()));
        for (BeanPropertyDefinition property : description.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor == null) {
                continue;
            }
            Object child;
            try {
                accessor.fixAccess(true);
                child = accessor.getValue(value);
            } catch (RuntimeException e) {
                continue;
            }
            String childPath = path + "." + property.getName();
            if (child == null && property.getMetadata().isRequired()) {
                missing.add(childPath);
            }
            requiredProperties(child, childPath, missing, seen);
        }
    }

    private static String message(Exception e) {
        // Jackson's message carries the field, the class and the path (through reference chain)
        return e.getMessage();
    }
}
