package org.afterimage.model.kafka;

import org.afterimage.model.json.Codec;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde over a {@link Codec}. A {@code null} value (a tombstone on a compacted topic) passes through as
 * {@code null}; anything else that is not a valid value throws
 * {@link org.afterimage.model.json.MalformedRecordException}.
 */
public final class JsonSerde<T> implements Serde<T> {
    private final Codec<T> codec;

    JsonSerde(Codec<T> codec) {
        this.codec = codec;
    }

    public Codec<T> codec() {
        return codec;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : codec.encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : codec.decode(bytes);
    }
}
