package org.afterimage.search.index;

/**
 * Decides, before a record is indexed, that it must not be (the post, its author or its host is redacted). The
 * indexer then deletes the document the record would have written instead, and commits the record as handled.
 */
@FunctionalInterface
public interface RecordFilter {
    /**
     * @param key    the post key ({@code platform:postId})
     * @param author the author when the document carries one, else null
     * @param url    the post URL when the document carries one, else null
     */
    boolean drops(String key, String author, String url);
}
