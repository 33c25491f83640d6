package org.afterimage.crawler.parse.feed;

import org.afterimage.crawler.parse.Adapter;

/** The front door of this package for the {@link org.afterimage.crawler.parse.Adapters} registry. */
public final class Feed {
    private Feed() {
    }

    /** The adapter (stateless and thread-safe: one instance serves every caller). */
    public static Adapter adapter() {
        return new FeedAdapter();
    }
}
