package org.afterimage.crawler.fetch;

import java.util.Objects;
import org.afterimage.model.FetchOutcome;

/** A fetch either completed with a response (any status), or failed before one could be read. */
public sealed interface FetchResult {
    record Completed(Exchange exchange) implements FetchResult {
        public Completed {
            Objects.requireNonNull(exchange, "exchange");
        }
    }

    /** No usable response: the cause is an {@link FetchOutcome.Unreachable}, never a removal. */
    record Failed(FetchOutcome.Unreachable unreachable) implements FetchResult {
        public Failed {
            Objects.requireNonNull(unreachable, "unreachable");
        }
    }
}
