package org.afterimage.crawler.parse;

import java.util.EnumMap;
import java.util.Map;
import org.afterimage.model.Platform;

/** The registry: one line per platform. The generic HTML adapter needs a site profile, so it is made per profile. */
public final class Adapters {
    private static final Map<Platform, Adapter> BUILT_IN = new EnumMap<>(Platform.class);

    static {
        BUILT_IN.put(Platform.TELEGRAM, new TelegramAdapter());
        BUILT_IN.put(Platform.MASTODON, new MastodonAdapter());
        BUILT_IN.put(Platform.REDDIT, new RedditAdapter());
        BUILT_IN.put(Platform.TWITTER, new TwitterAdapter());
        BUILT_IN.put(Platform.WECHAT, new WechatAdapter());
        BUILT_IN.put(Platform.WEIBO, new WeiboAdapter());
        BUILT_IN.put(Platform.RSS, new FeedAdapter());
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
        return new HtmlAdapter(profile);
    }
}
