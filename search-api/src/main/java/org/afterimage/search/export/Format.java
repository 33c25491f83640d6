package org.afterimage.search.export;

import java.util.Locale;
import org.afterimage.search.service.InvalidParameterException;

/** Export formats. */
public enum Format {
    JSONL("application/x-ndjson", "jsonl"), CSV("text/csv; charset=utf-8", "csv");

    public final String contentType;
    public final String extension;

    Format(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public static Format of(String s) {
        if (s == null) return JSONL;
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "jsonl", "ndjson" -> JSONL;
            case "csv" -> CSV;
            default -> throw new InvalidParameterException("format", "must be jsonl or csv");
        };
    }
}
