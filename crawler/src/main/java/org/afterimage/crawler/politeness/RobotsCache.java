package org.afterimage.crawler.politeness;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.afterimage.crawler.fetch.FetchResult;
import org.afterimage.crawler.fetch.Fetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * robots.txt per origin, parsed by crawler-commons and cached in Caffeine. A robots.txt that answers 4xx allows
 * everything (RFC 9309); one that answers 5xx or cannot be fetched disallows everything, but is cached only for the
 * short error TTL so the host is asked again soon.
 */
final class RobotsCache {
    private static final Logger log = LoggerFactory.getLogger(RobotsCache.class);

    record Entry(BaseRobotRules rules, boolean error) {
    }

    private final Fetcher fetcher;
    private final PolitenessSettings settings;
    private final Cache<String, Entry> cache;

    RobotsCache(Fetcher fetcher, PolitenessSettings settings, Ticker ticker) {
        this.fetcher = fetcher;
        this.settings = settings;
        this.cache = Caffeine.newBuilder()
                .maximumSize(200_000)
                .ticker(ticker)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry e, long now) {
                        return (e.error() ? settings.robotsErrorTtl() : settings.robotsTtl()).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry e, long now, long current) {
                        return expireAfterCreate(key, e, now);
                    }

                    @Override
                    public long expireAfterRead(String key, Entry e, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port);
    }

    Entry rules(URI uri) {
        return cache.get(origin(uri), this::load);
    }

    private Entry load(String origin) {
        URI robots = URI.create(origin + "/robots.txt");
        SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
        parser.setMaxCrawlDelay(Long.MAX_VALUE);   // we cap the delay ourselves; the parser would turn a long one into "disallow all"
        FetchResult r = fetcher.fetch(robots);
        if (r instanceof FetchResult.Completed c) {
            int status = c.exchange().response().status();
            if (status >= 200 && status < 300) {
                return new Entry(parser.parseContent(robots.toString(), c.exchange().response().body(),
                        c.exchange().response().header("Content-Type").orElse("text/plain"), List.of(settings.robotName().toLowerCase(Locale.ROOT))), false);
            }
            if (status >= 400 && status < 500 && status != 429) return new Entry(new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL), false);
            log.info("robots.txt of {} answered {}: disallowing all for {}", origin, status, settings.robotsErrorTtl());
        } else if (r instanceof FetchResult.Failed f) {
            log.info("robots.txt of {} unreachable ({}): disallowing all for {}", origin, f.unreachable().detail(), settings.robotsErrorTtl());
        }
        return new Entry(new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_NONE), true);
    }

    /** The crawl delay robots.txt asks for, capped; zero when it asks for none. */
    Duration crawlDelay(Entry e) {
        long ms = e.rules().getCrawlDelay();
        if (ms == BaseRobotRules.UNSET_CRAWL_DELAY || ms <= 0) return Duration.ZERO;
        Duration d = Duration.ofMillis(ms);
        return d.compareTo(settings.maxCrawlDelay()) > 0 ? settings.maxCrawlDelay() : d;
    }
}
