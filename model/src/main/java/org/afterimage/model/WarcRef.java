package org.afterimage.model;

import java.util.Objects;

/**
 * Where the exact bytes of a fetch are kept: a WARC file (relative to the data dir's {@code warc/}), the offset of
 * the response record, its WARC-Record-ID and the payload digest ({@code sha1:BASE32} as WARC writes it).
 */
public record WarcRef(String file, long offset, String recordId, String payloadDigest) {
    public WarcRef {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(recordId, "recordId");
        if (offset < 0) throw new IllegalArgumentException("negative WARC offset");
        payloadDigest = Objects.requireNonNullElse(payloadDigest, "");
    }
}
