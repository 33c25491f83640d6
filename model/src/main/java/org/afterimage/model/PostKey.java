package org.afterimage.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * Identifies one post: its platform and the platform's own id for it ({@code durov/123}, a tweet id, a WeChat
 * article path). Written as {@code platform:postId}; that string is the Kafka key of every topic.
 */
public record PostKey(Platform platform, String postId) implements Comparable<PostKey> {
    /** Longest post id accepted; real ids are far shorter, this only stops hostile input. */
    public static final int MAX_ID_LENGTH = 512;

    public PostKey {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(postId, "postId");
        if (postId.isBlank()) throw new IllegalArgumentException("empty post id");
        if (postId.length() > MAX_ID_LENGTH) throw new IllegalArgumentException("post id longer than " + MAX_ID_LENGTH);
        for (int i = 0; i < postId.length(); i++) {
            char c = postId.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                throw new IllegalArgumentException("post id contains whitespace or a control character at " + i);
            }
        }
    }

    public static PostKey of(Platform platform, String postId) {
        return new PostKey(platform, postId);
    }

    /** Parses {@code platform:postId} (the id may itself contain colons). */
    @JsonCreator
    public static PostKey parse(String key) {
        Objects.requireNonNull(key, "key");
        int colon = key.indexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("post key must be platform:postId, got '" + abbreviate(key) + "'");
        return new PostKey(Platform.of(key.substring(0, colon)), key.substring(colon + 1));
    }

    @JsonValue
    @Override
    public String toString() {
        return platform.id() + ":" + postId;
    }

    @Override
    public int compareTo(PostKey o) {
        int c = platform.compareTo(o.platform);
        return c != 0 ? c : postId.compareTo(o.postId);
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
