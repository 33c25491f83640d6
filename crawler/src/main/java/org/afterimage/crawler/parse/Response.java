package org.afterimage.crawler.parse;

import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP response as an adapter sees it: the final URL (after redirects; may be empty for a saved file without
 * one), the status, headers (names case-insensitive) and the already decompressed, size-limited body.
 *
 * @param charset the charset decided by the fetcher (header, meta tag or detection); {@code null} lets the adapter
 *                decide (JSON is UTF-8; HTML is sniffed)
 */
public record Response(String url, int status, Map<String, List<String>> headers, byte[] body, Charset charset) {
    public Response {
        url = Objects.requireNonNullElse(url, "");
        Objects.requireNonNull(body, "body");
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) headers.forEach((k, v) -> { if (k != null) h.put(k, List.copyOf(v)); });
        headers = h;
    }

    /** A saved body, as the CLI reads it: status 200 unless told otherwise, no headers. */
    public static Response saved(String url, int status, byte[] body) {
        return new Response(url, status, Map.of(), body, null);
    }

    public Optional<String> header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The body as text in {@link #charset}, or as sniffed when none was decided. */
    public String text() {
        return charset != null ? new String(body, charset) : Charsets.decode(header("Content-Type").orElse(""), body);
    }

    /**
     * {@code Retry-After} as a duration from {@code now}: delta-seconds or an HTTP date. Empty when absent or
     * unparseable; capped at a day so a hostile server cannot park a host forever.
     */
    public Optional<Duration> retryAfter(Instant now) {
        return header("Retry-After").flatMap(v -> parseRetryAfter(v, now));
    }

    static Optional<Duration> parseRetryAfter(String v, Instant now) {
        String s = v.strip();
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(s));
        } catch (NumberFormatException e) {
            try {
                d = Duration.between(now, ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)).toInstant());
            } catch (RuntimeException e2) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) d = Duration.ZERO;
        Duration max = Duration.ofDays(1);
        return Optional.of(d.compareTo(max) > 0 ? max : d);
    }
}
