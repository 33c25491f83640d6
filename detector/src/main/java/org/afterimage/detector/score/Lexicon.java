package org.afterimage.detector.score;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.afterimage.model.ContentHash;

/**
 * Sensitive terms, loaded from per-language data files (one term per line, {@code #} comments), matched as
 * case-insensitive substrings of the normalised text (CJK text has no word boundaries to match on).
 */
public final class Lexicon {
    /** Longest term accepted; a hostile file cannot make matching quadratic. */
    static final int MAX_TERM = 64;
    static final int MAX_TERMS = 100_000;

    private final List<String> terms;

    public Lexicon(List<String> terms) {
        Set<String> uniq = new LinkedHashSet<>();
        for (String t : terms) {
            String n = ContentHash.normalise(t).toLowerCase(Locale.ROOT);
            if (!n.isEmpty() && n.length() <= MAX_TERM) uniq.add(n);
            if (uniq.size() >= MAX_TERMS) break;
        }
        this.terms = List.copyOf(uniq);
    }

    /** Loads {@code classpath:...} resources and files, in order. */
    public static Lexicon load(List<String> sources) {
        List<String> terms = new ArrayList<>();
        for (String src : sources) {
            String text;
            try {
                if (src.startsWith("classpath:")) {
                    String res = src.substring("classpath:".length());
                    try (InputStream in = Lexicon.class.getClassLoader().getResourceAsStream(res.startsWith("/") ? res.substring(1) : res)) {
                        if (in == null) throw new IllegalArgumentException("lexicon " + src + " not found on the class path");
                        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                } else {
                    text = Files.readString(Path.of(src), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read lexicon " + src, e);
            }
            for (String line : text.split("\\R")) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) terms.add(t);
            }
        }
        return new Lexicon(terms);
    }

    /** The terms found in {@code text}, in lexicon order, at most {@code max}. */
    public List<String> hits(String text, int max) {
        if (text == null || text.isEmpty()) return List.of();
        String t = ContentHash.normalise(text).toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String term : terms) {
            if (t.contains(term)) {
                out.add(term);
                if (out.size() >= max) break;
            }
        }
        return out;
    }

    public int size() {
        return terms.size();
    }
}
