package org.afterimage.crawler.fetch;

import java.net.URI;

/** The seam: fetch one URL. Implementations never throw for network trouble; they return {@link FetchResult.Failed}. */
@FunctionalInterface
public interface Fetcher {
    FetchResult fetch(URI uri);
}
