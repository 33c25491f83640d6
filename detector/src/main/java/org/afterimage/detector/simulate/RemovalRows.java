package org.afterimage.detector.simulate;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.afterimage.model.RemovalReason;

/**
 * Rows of a WeChatScope-format CSV ({@code title,nickname,created_at,censored_date,censored_msg}): creation date,
 * removal time, the platform's message. Quoted fields (RFC 4180) are handled; malformed rows are counted and skipped.
 */
public final class RemovalRows {
    /** One removal: the creation day's start, the removal time (seconds after that), the message and its reason. */
    public record Row(LocalDate created, long removedAfterDayStartS, String message, RemovalReason reason) {
    }

    /** The rows read, and how many were skipped (with the first problems). */
    public record Loaded(List<Row> rows, int skipped, List<String> problems) {
    }

    /** Longest line accepted (a hostile file cannot exhaust memory with one field). */
    static final int MAX_FIELD = 64 * 1024;

    private RemovalRows() {
    }

    public static Loaded load(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r);
        }
    }

    public static Loaded parse(Reader reader) throws IOException {
        Reader in = reader.markSupported() ? reader : new java.io.BufferedReader(reader);
        List<List<String>> records = csv(in);
        List<Row> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int skipped = 0;
        if (records.isEmpty()) return new Loaded(rows, 0, List.of("empty file"));
        List<String> header = records.get(0);
        int created = header.indexOf("created_at");
        int censored = header.indexOf("censored_date");
        int msg = header.indexOf("censored_msg");
        if (created < 0 || censored < 0 || msg < 0) {
            throw new IOException("not a WeChatScope CSV: header needs created_at, censored_date, censored_msg; got " + header);
        }
        for (int i = 1; i < records.size(); i++) {
            List<String> f = records.get(i);
            try {
                LocalDate day = LocalDate.parse(f.get(created).strip());
                LocalDateTime at = LocalDateTime.parse(f.get(censored).strip().replace(' ', 'T'));
                long s = Duration.between(day.atStartOfDay(), at).toSeconds();
                if (s < 0) throw new IllegalArgumentException("removed before it was created");
                String m = f.get(msg);
                RemovalReason reason = WeChatMessages.reasonFor(m)
                        .orElseThrow(() -> new IllegalArgumentException("unknown removal message '" + m + "'"));
                rows.add(new Row(day, s, m, reason));
            } catch (IndexOutOfBoundsException | DateTimeParseException | IllegalArgumentException e) {
                skipped++;
                if (problems.size() < 10) problems.add("row " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Loaded(rows, skipped, problems);
    }

    static List<List<String>> csv(Reader in) throws IOException {
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = in.read()) != -1) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int n = in.read();
                    if (n == '"') field.append('"');
                    else {
                        quoted = false;
                        if (n == -1) break;
                        in.reset();
                    }
                } else field.append((char) c);
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                rec.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') in.reset();
                }
                rec.add(field.toString());
                field.setLength(0);
                if (!(rec.size() == 1 && rec.get(0).isEmpty())) out.add(rec);
                rec = new ArrayList<>();
                any = false;
            } else {
                field.append((char) c);
            }
            if (field.length() > MAX_FIELD) throw new IOException("field longer than " + MAX_FIELD + " characters in record " + (out.size() + 1));
        }
        if (any || !field.isEmpty() || !rec.isEmpty()) {
            rec.add(field.toString());
            out.add(rec);
        }
        return out;
    }
}
