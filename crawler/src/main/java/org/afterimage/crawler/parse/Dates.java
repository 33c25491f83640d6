package org.afterimage.crawler.parse;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Times as sites and feeds write them: ISO-8601 with offset, an instant, or RFC 1123 (RSS {@code pubDate}). Public for the platform sub-packages
 * only, not part of the crawler's API.
 */
public final class Dates {
    private Dates() {
    }

    /** The instant {@code s} names, or {@code null} when it is blank or in none of the accepted forms. */
    public static Instant lenient(String s) {
        if (s == null || s.isBlank()) return null;
        String v = s.strip();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (RuntimeException e) {
            try {
                return Instant.parse(v);
            } catch (RuntimeException e2) {
                try {
                    return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                } catch (RuntimeException e3) {
                    return null;
                }
            }
        }
    }

    /**
     * The common shape {@code yyyy-MM-ddTHH:mm:ss[.fraction]} then {@code Z} or {@code +00:00}, by hand; {@code null}
     * for anything else, and the caller's formatter decides. {@code OffsetDateTime.parse} cost a sixth of a Mastodon
     * list parse and a few percent of a Telegram page.
     */
    public static Instant utc(String s) {
        if (s.endsWith("+00:00")) s = s.substring(0, s.length() - 6) + 'Z';
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') return null;
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;   // digits between '.' and 'Z'
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) return null;
            nanos = digits(s, 20, n - 1);
            if (nanos < 0) return null;
            for (int i = fraction; i < 9; i++) nanos *= 10;
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
        try {
            // strict like the ISO formatter: 30 February, hour 24 and second 60 are rejected
            return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** The ASCII digits {@code s[from, to)} as a number, or -1 when one is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
