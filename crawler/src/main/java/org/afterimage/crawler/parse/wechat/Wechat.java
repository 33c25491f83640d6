package org.afterimage.crawler.parse.wechat;

import org.afterimage.crawler.parse.Adapter;

/** The front door of this package for the {@link org.afterimage.crawler.parse.Adapters} registry. */
public final class Wechat {
    private Wechat() {
    }

    /** The adapter (stateless and thread-safe: one instance serves every caller). */
    public static Adapter adapter() {
        return new WechatAdapter();
    }
}
