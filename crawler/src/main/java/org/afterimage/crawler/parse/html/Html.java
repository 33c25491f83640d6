package org.afterimage.crawler.parse.html;

import org.afterimage.crawler.parse.Adapter;

/** The front door of the generic HTML adapter: one adapter per {@link SiteProfile}. */
public final class Html {
    private Html() {
    }

    public static Adapter adapter(SiteProfile profile) {
        return new HtmlAdapter(profile);
    }
}
