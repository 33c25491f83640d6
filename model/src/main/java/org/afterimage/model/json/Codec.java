package org.afterimage.model.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.afterimage.model.json.MalformedRecordException.Problem;

/**
 * Encodes and decodes one record type as JSON with a {@code "schema"} version field first in every object.
 * Thread-safe. Decoding never throws anything but {@link MalformedRecordException}.
 *
 * @param <T> the record type
 */
public final class Codec<T> {
    /** The schema version this build writes and the only one it reads. */
    public static final int SCHEMA_VERSION = 1;
    static final String SCHEMA_FIELD = "schema";
    private static final byte[] PREFIX = ("{\"" + SCHEMA_FIELD + "\":" + SCHEMA_VERSION).getBytes(StandardCharsets.US_ASCII);

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final int maxBytes;

    Codec(Class<T> type, int maxBytes) {
        this.type = type;
        this.reader = Json.MAPPER.readerFor(type);
        this.writer = Json.MAPPER.writerFor(type);
        this.maxBytes = maxBytes;
    }

    public Class<T> type() {
        return type;
    }

    /** The largest encoded value this codec accepts. */
    public int maxBytes() {
        return maxBytes;
    }

    /** JSON bytes of {@code value}, beginning {@code {"schema":1,}. */
    public byte[] encode(T value) {
        Objects.requireNonNull(value, "value");
        byte[] body;
        try {
            body = writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
        // body is "{...}" ("{}" for an empty record): splice the version in after the brace
        boolean empty = body.length == 2;
        byte[] out = new byte[PREFIX.length + body.length - 1 + (empty ? 0 : 1)];
        System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
        int at = PREFIX.length;
        if (!empty) out[at++] = ',';
        System.arraycopy(body, 1, out, at, body.length - 1);
        return out;
    }

    public String encodeToString(T value) {
        return new String(encode(value), StandardCharsets.UTF_8);
    }

    /**
     * Decodes {@code bytes}.
     *
     * @throws MalformedRecordException for anything but a valid value of this type and schema version
     */
    public T decode(byte[] bytes) {
        if (bytes == null) throw new MalformedRecordException(Problem.NOT_JSON, "null value");
        if (bytes.length > maxBytes) {
            throw new MalformedRecordException(Problem.OVERSIZE,
                    bytes.length + " bytes is over the " + maxBytes + "-byte limit for " + type.getSimpleName());
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw new MalformedRecordException(Problem.OVERSIZE, e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedRecordException(Problem.NOT_JSON, message(e), e);
        }
        if (tree == null || tree.isMissingNode()) throw new MalformedRecordException(Problem.NOT_JSON, "empty input");
        if (!(tree instanceof ObjectNode object)) {
            throw new MalformedRecordException(Problem.WRONG_TYPE, "expected a JSON object, got " + tree.getNodeType());
        }
        JsonNode v = object.get(SCHEMA_FIELD);
        if (v == null) throw new MalformedRecordException(Problem.UNKNOWN_SCHEMA_VERSION, "no \"schema\" field");
        if (!v.isInt() || v.intValue() != SCHEMA_VERSION) {
            throw new MalformedRecordException(Problem.UNKNOWN_SCHEMA_VERSION,
                    "schema " + v + " is not supported (this build reads " + SCHEMA_VERSION + ")");
        }
        try {
            T value = reader.readValue(object);
            if (value == null) throw new MalformedRecordException(Problem.WRONG_TYPE, "null " + type.getSimpleName());
            return value;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            Problem p = cause instanceof NullPointerException ? Problem.WRONG_TYPE : Problem.INVALID;
            throw new MalformedRecordException(p, type.getSimpleName() + ": " + cause.getMessage(), e);
        } catch (MismatchedInputException | InvalidDefinitionException e) {
            throw new MalformedRecordException(Problem.WRONG_TYPE, message(e), e);
        } catch (IOException e) {
            throw new MalformedRecordException(Problem.WRONG_TYPE, message(e), e);
        } catch (RuntimeException e) {
            throw new MalformedRecordException(Problem.INVALID, type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private String message(IOException e) {
        String m = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
        if (e instanceof MismatchedInputException mi && !mi.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (var ref : mi.getPath()) {
                path.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
            }
            m = "at " + path.substring(path.charAt(0) == '.' ? 1 : 0) + ": " + m;
        }
        return type.getSimpleName() + " " + m;
    }
}
