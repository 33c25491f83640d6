package org.afterimage.crawler.parse;

import java.util.List;
import java.util.Optional;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;

/**
 * Knows one platform: which URLs list a source's recent posts or show one post, and how to read a response.
 * Implementations are stateless and thread-safe.
 */
public interface Adapter {
    Platform platform();

    /**
     * Every post the response shows, each with its outcome. A response that is a transient failure (429, 5xx, login
     * wall) yields one {@code Unreachable} result for {@link #keyFor} the URL, never a {@code Gone}.
     *
     * @throws UnparseableException when the body is not this platform's format
     */
    List<ParsedPost> parse(Response response) throws UnparseableException;

    /** The post a single-post URL names, when the adapter can tell (used to key gone and unreachable results). */
    Optional<PostKey> keyFor(String url);

    /** The URL that shows one known post again (for recrawls). */
    default String postUrl(PostKey key) {
        return key.postId();
    }

    /** The URL listing a watched source's recent posts ({@code source} is a channel, account, subreddit, feed URL...). */
    String listUrl(String source);

    /**
     * The URL of the next (older) page of a listing, when the platform pages and this page was full of posts
     * (Telegram {@code ?before=}, Reddit {@code after}, Mastodon {@code max_id}). Empty when there is none.
     */
    default Optional<String> olderPage(String listUrl, List<ParsedPost> posts) {
        return Optional.empty();
    }

    /** True when a saved file holds one response per line (twarc JSONL). */
    default boolean lineOriented() {
        return false;
    }
}
