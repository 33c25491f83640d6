package org.afterimage.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a post stands now, as search filters it: {@code live|removed|altered|restored}. */
public enum PostStatus {
    LIVE, REMOVED, ALTERED, RESTORED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PostStatus of(String s) {
        if (s != null) {
            for (PostStatus p : values()) if (p.id().equalsIgnoreCase(s.strip())) return p;
        }
        throw new IllegalArgumentException("unknown status '" + s + "'; allowed: live|removed|altered|restored");
    }
}
