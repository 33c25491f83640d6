package org.afterimage.crawler.parse.mastodon;

import org.afterimage.crawler.parse.Adapter;

/** The front door of this package for the {@link org.afterimage.crawler.parse.Adapters} registry. */
public final class Mastodon {
    private Mastodon() {
    }

    /** The adapter (stateless and thread-safe: one instance serves every caller). */
    public static Adapter adapter() {
        return new MastodonAdapter();
    }
}
