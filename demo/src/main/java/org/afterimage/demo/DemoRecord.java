package org.afterimage.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One real WeChatScope removal record (demo-data/SOURCE.md): the article's title and account, when it was created
 * (a date) and removed, and the platform's removal message.
 */
record DemoRecord(String title, String nickname, LocalDate createdAt, LocalDateTime censoredAt, String message) {
    static final String RESOURCE = "/demo-data/wechatscope-removals-subset.csv";
    private static final DateTimeFormatter CENSORED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    DemoRecord {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(message, "message");
        if (censoredAt.isBefore(createdAt.atStartOfDay())) throw new IllegalArgumentException("removed before it was created: " + title);
    }

    /** From the creation date (midnight: the record has no time of day) to the removal. */
    Duration timeToRemoval() {
        return Duration.between(createdAt.atStartOfDay(), censoredAt);
    }

    /** The bundled subset, in file order. */
    static List<DemoRecord> bundled() {
        try (InputStream in = DemoRecord.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " missing from the class path");
            return parse(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * The CSV with a header {@code title,nickname,created_at,censored_date,censored_msg}; fields may be quoted
     * ({@code ""} escapes a quote).
     *
     * @throws IllegalArgumentException naming the line that is malformed
     */
    static List<DemoRecord> parse(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = r.readLine();
        if (header == null || !header.strip().replace("\uFEFF", "").equals("title,nickname,created_at,censored_date,censored_msg")) {
            throw new IllegalArgumentException("line 1: expected the header title,nickname,created_at,censored_date,censored_msg, got " + abbreviate(header));
        }
        List<DemoRecord> out = new ArrayList<>();
        String line;
        int n = 1;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) continue;
            List<String> f = fields(line);
            if (f.size() != 5) throw new IllegalArgumentException("line " + n + ": expected 5 fields, got " + f.size());
            try {
                out.add(new DemoRecord(f.get(0).strip(), f.get(1).strip(), LocalDate.parse(f.get(2).strip()),
                        LocalDateTime.parse(f.get(3).strip(), CENSORED), f.get(4).strip()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + n + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String abbreviate(String s) {
        return s == null ? "nothing" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
