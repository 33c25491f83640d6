package org.afterimage.crawler.fetch;

import java.net.URI;
import java.util.Optional;
import org.afterimage.model.FetchOutcome;

/**
 * Asked before every request, redirects included, so a redirect cannot lead the crawler to a host that opted out or
 * a path robots.txt disallows. Empty means go ahead.
 */
@FunctionalInterface
public interface HopGuard {
    HopGuard ALLOW_ALL = uri -> Optional.empty();

    Optional<FetchOutcome.Unreachable> check(URI uri);
}
