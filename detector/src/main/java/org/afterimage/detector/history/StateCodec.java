package org.afterimage.detector.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * JSON for the detector's own store values. Not a topic contract (no schema field): a store is rebuilt from its
 * changelog by the same build. A value that does not decode is treated as absent by the callers, never fatal.
 *
 * @param <T> the stored type
 */
public final class StateCodec<T> {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private final ObjectReader reader;
    private final ObjectWriter writer;

    public StateCodec(Class<T> type) {
        this.reader = MAPPER.readerFor(type);
        this.writer = MAPPER.writerFor(type);
    }

    public static final StateCodec<PostHistory> HISTORY = new StateCodec<>(PostHistory.class);

    public byte[] encode(T value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode state: " + e.getMessage(), e);
        }
    }

    /** The value, or {@code null} when {@code bytes} is null or unreadable (a corrupt entry is dropped, not fatal). */
    public T decodeOrNull(byte[] bytes) {
        if (bytes == null) return null;
        try {
            return reader.readValue(bytes);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
