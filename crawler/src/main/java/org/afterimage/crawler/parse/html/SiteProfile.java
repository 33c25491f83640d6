package org.afterimage.crawler.parse.html;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.afterimage.model.RemovalReason;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * How to read one generic HTML site (YAML). Selectors are CSS (jsoup); {@code attr} fields name the attribute to
 * read, empty for the element's text. Removal markers: when {@code selector} matches (and its text contains
 * {@code contains}, if given) the post is gone for {@code reason}.
 *
 * <pre>
 * name: example-forum
 * listUrl: https://forum.example/latest
 * post: article.post
 * id: {selector: "", attr: data-id}        # "" = the post element itself
 * author: {selector: .author}
 * text: {selector: .body}
 * time: {selector: time, attr: datetime}
 * permalink: {selector: a.permalink, attr: href}
 * removed:
 *   - {selector: .removed-notice, contains: "removed by moderators", reason: REMOVED_BY_MODERATOR}
 * </pre>
 */
public record SiteProfile(String name, String listUrl, String post, Field id, Field author, Field text, Field time,
                          Field permalink, List<Marker> removed) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A value read from a post: the first element matching {@code selector} (empty: the post itself). */
    public record Field(String selector, String attr) {
        public Field {
            selector = Objects.requireNonNullElse(selector, "");
            attr = Objects.requireNonNullElse(attr, "");
        }
    }

    public record Marker(String selector, String contains, RemovalReason reason) {
        public Marker {
            Objects.requireNonNull(selector, "removed[].selector");
            contains = Objects.requireNonNullElse(contains, "");
            Objects.requireNonNull(reason, "removed[].reason");
        }
    }

    public SiteProfile {
        require(name, "name");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) throw new IllegalArgumentException("name '" + name + "' must match [A-Za-z0-9._-]{1,64}");
        require(post, "post");
        checkSelector(post, "post");
        Objects.requireNonNull(id, "profile key 'id' is required");
        Objects.requireNonNull(text, "profile key 'text' is required");
        for (Field f : new Field[] {id, author, text, time, permalink}) {
            if (f != null && !f.selector().isEmpty()) checkSelector(f.selector(), "field selector");
        }
        removed = removed == null ? List.of() : List.copyOf(removed);
        for (Marker m : removed) checkSelector(m.selector(), "removed[].selector");
        listUrl = Objects.requireNonNullElse(listUrl, "");
    }

    private static void require(String v, String key) {
        if (v == null || v.isBlank()) throw new IllegalArgumentException("profile key '" + key + "' is required");
    }

    private static void checkSelector(String css, String key) {
        try {
            Evaluator e = QueryParser.parse(css);
            Objects.requireNonNull(e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("profile key '" + key + "': bad CSS selector '" + css + "': " + e.getMessage());
        }
    }

    /** Reads and validates a profile; errors name the bad key and value. */
    public static SiteProfile load(Path file) throws IOException {
        if (Files.size(file) > 1 << 20) throw new IOException("profile " + file + " is over 1 MiB");
        try {
            SiteProfile p = YAML.readValue(file.toFile(), SiteProfile.class);
            // an empty document, "~" or only comments reads as no profile at all (found by SiteProfileFuzzTest)
            if (p == null) throw new IOException("bad site profile " + file + ": empty (no keys)");
            return p;
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            Throwable c = e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof NullPointerException ? e.getCause() : e;
            throw new IOException("bad site profile " + file + ": " + (c == e ? e.getOriginalMessage() : c.getMessage()), e);
        }
    }
}
