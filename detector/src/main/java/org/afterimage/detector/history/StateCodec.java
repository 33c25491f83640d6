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
import org.afterimage.model.Removal;

/**
 * JSON for the detector's own store values, except the history ({@link #HISTORY}), which is written in the compact
 * binary form of {@link HistoryBinary} and still reads the JSON values of earlier builds (a changelog written before
 * the change restores as is). Not a topic contract. A value that does not decode is treated as absent by the
 * callers, never fatal.
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

    private final boolean history;

    public StateCodec(Class<T> type) {
        this(type, false);
    }

    private StateCodec(Class<T> type, boolean history) {
        this.reader = MAPPER.readerFor(type);
        this.writer = MAPPER.writerFor(type);
        this.history = history;
    }

    private static final StateCodec<Removal> REMOVAL = new StateCodec<>(Removal.class);

    /** Histories: written binary ({@link HistoryBinary}), read binary or JSON. */
    public static final StateCodec<PostHistory> HISTORY = new StateCodec<>(PostHistory.class, true);

    /** The JSON form, as earlier builds wrote every value (kept for reading old state and for tests). */
    public byte[] encodeJson(T value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode state: " + e.getMessage(), e);
        }
    }

    public byte[] encode(T value) {
        if (history) return HistoryBinary.encode((PostHistory) value, REMOVAL);
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
            if (history && HistoryBinary.isBinary(bytes)) {
                @SuppressWarnings("unchecked")
                T h = (T) HistoryBinary.decode(bytes, REMOVAL);
                return h;
            }
            return reader.readValue(bytes);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
