package org.afterimage.detector.topology;

import org.afterimage.model.Capture;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostRecord;
import org.afterimage.model.RecrawlRequest;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** A decoded capture, or a typed value bound for one output topic. */
sealed interface Routed {
    /** Writes each output with its model codec (what the model's serde for that topic writes). */
    Serde<Routed> SERDE = Serdes.serdeFrom((Serializer<Routed>) (topic, v) -> switch (v) {
        case null -> null;
        case Event e -> Codecs.EVENT.encode(e.event());
        case Post p -> Codecs.POST.encode(p.post());
        case Request r -> Codecs.RECRAWL_REQUEST.encode(r.request());
        case Letter l -> Codecs.DEAD_LETTER.encode(l.letter());
        case Decoded d -> throw new IllegalStateException("a decoded capture is not an output");
    }, (topic, bytes) -> {
        throw new UnsupportedOperationException("the detector's outputs are read with the model serdes");
    });

    /** The output topic of this value. */
    default String topic(Topics topics) {
        return switch (this) {
            case Event e -> topics.events();
            case Post p -> topics.posts();
            case Request r -> topics.recrawlRequests();
            case Letter l -> topics.deadLetters();
            case Decoded d -> throw new IllegalStateException("a decoded capture is not an output");
        };
    }

    /** @param key the capture's post key as text, which the decoder checked equal to the record key */
    record Decoded(Capture capture, String key) implements Routed {
    }

    record Letter(DeadLetter letter) implements Routed {
    }

    record Event(PostEvent event) implements Routed {
    }

    record Post(PostRecord post) implements Routed {
    }

    record Request(RecrawlRequest request) implements Routed {
    }
}
