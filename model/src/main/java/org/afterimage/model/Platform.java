package org.afterimage.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A platform Afterimage has an adapter for. Its {@link #id()} is the stable lower-case name used in keys, JSON and URLs. */
public enum Platform {
    TELEGRAM, MASTODON, REDDIT, TWITTER, WECHAT, WEIBO, HTML, RSS;

    private final String id = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String id() {
        return id;
    }

    /**
     * Parses a platform id ({@code "telegram"}; case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    @JsonCreator
    public static Platform of(String id) {
        if (id != null) {
            for (Platform p : values()) {
                if (p.id.equalsIgnoreCase(id.strip())) return p;
            }
        }
        throw new IllegalArgumentException("unknown platform '" + id + "'; allowed: " + allowed());
    }

    static String allowed() {
        StringBuilder sb = new StringBuilder();
        for (Platform p : values()) sb.append(sb.isEmpty() ? "" : "|").append(p.id);
        return sb.toString();
    }
}
