package org.afterimage.crawler.fetch;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.afterimage.crawler.parse.Response;

/**
 * One completed HTTP exchange (the last hop after redirects), with everything the WARC needs: the request as sent,
 * the response headers and the body bytes exactly as received ({@code rawBody}, possibly compressed) besides the
 * decoded {@link #response()}.
 */
public record Exchange(URI uri, Instant fetchedAt, String method, Map<String, List<String>> requestHeaders,
                       String httpVersion, Response response, byte[] rawBody) {
}
