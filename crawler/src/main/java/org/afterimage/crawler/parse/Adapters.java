package org.afterimage.crawler.parse;

import java.util.EnumMap;
import java.util.Map;
import org.afterimage.crawler.parse.feed.Feed;
import org.afterimage.crawler.parse.html.Html;
import org.afterimage.crawler.parse.html.SiteProfile;
import org.afterimage.crawler.parse.mastodon.Mastodon;
import org.afterimage.crawler.parse.reddit.Reddit;
import org.afterimage.crawler.parse.telegram.Telegram;
import org.afterimage.crawler.parse.twitter.Twitter;
import org.afterimage.crawler.parse.wechat.Wechat;
import org.afterimage.crawler.parse.weibo.Weibo;
import org.afterimage.model.Platform;

/** The registry: one line per platform. The generic HTML adapter needs a site profile, so it is made per profile. */
public final class Adapters {
    private static final Map<Platform, Adapter> BUILT_IN = new EnumMap<>(Platform.class);

    static {
        BUILT_IN.put(Platform.TELEGRAM, Telegram.adapter());
        BUILT_IN.put(Platform.MASTODON, Mastodon.adapter());
        BUILT_IN.put(Platform.REDDIT, Reddit.adapter());
        BUILT_IN.put(Platform.TWITTER, Twitter.adapter());
        BUILT_IN.put(Platform.WECHAT, Wechat.adapter());
        BUILT_IN.put(Platform.WEIBO, Weibo.adapter());
        BUILT_IN.put(Platform.RSS, Feed.adapter());
    }

    private Adapters() {
    }

    /**
     * The adapter for {@code platform}.
     *
     * @throws IllegalArgumentException for {@link Platform#HTML}, which needs {@link #html(SiteProfile)}
     */
    public static Adapter of(Platform platform) {
        Adapter a = BUILT_IN.get(platform);
        if (a == null) throw new IllegalArgumentException("platform '" + platform.id() + "' needs a site profile (--profile)");
        return a;
    }

    public static Adapter html(SiteProfile profile) {
        return Html.adapter(profile);
    }
}
