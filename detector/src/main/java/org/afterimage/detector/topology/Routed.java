package org.afterimage.detector.topology;

import org.afterimage.model.Capture;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostRecord;
import org.afterimage.model.RecrawlRequest;

/** What flows between the detector's nodes: a typed value bound for one sink. */
sealed interface Routed {
    record Decoded(Capture capture) implements Routed {
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
