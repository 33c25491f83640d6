package org.afterimage.model.kafka;

import java.nio.charset.StandardCharsets;
import org.afterimage.model.Capture;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.PostRecord;
import org.afterimage.model.RecrawlRequest;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.json.MalformedRecordException;
import org.afterimage.model.json.MalformedRecordException.Problem;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** The serde for every key and value on Afterimage's topics. Keys are post keys as UTF-8 {@code platform:postId}. */
public final class AfterimageSerdes {
    private static final Serde<PostKey> POST_KEY = Serdes.serdeFrom(
            (Serializer<PostKey>) (topic, key) -> key == null ? null : key.toString().getBytes(StandardCharsets.UTF_8),
            (Deserializer<PostKey>) (topic, bytes) -> {
                if (bytes == null) return null;
                try {
                    return PostKey.parse(new String(bytes, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new MalformedRecordException(Problem.INVALID, "bad post key: " + e.getMessage(), e);
                }
            });

    private AfterimageSerdes() {
    }

    public static Serde<PostKey> postKey() {
        return POST_KEY;
    }

    public static JsonSerde<Capture> capture() {
        return new JsonSerde<>(Codecs.CAPTURE);
    }

    public static JsonSerde<RecrawlRequest> recrawlRequest() {
        return new JsonSerde<>(Codecs.RECRAWL_REQUEST);
    }

    public static JsonSerde<PostRecord> post() {
        return new JsonSerde<>(Codecs.POST);
    }

    public static JsonSerde<PostEvent> event() {
        return new JsonSerde<>(Codecs.EVENT);
    }

    public static JsonSerde<DeadLetter> deadLetter() {
        return new JsonSerde<>(Codecs.DEAD_LETTER);
    }
}
