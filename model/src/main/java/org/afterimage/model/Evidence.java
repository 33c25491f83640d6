package org.afterimage.model;

import java.util.Objects;

/**
 * What a fetch saw that made it conclude {@link FetchOutcome.Gone}: the HTTP status, the platform's own message
 * (verbatim, e.g. 此内容因违规无法查看 or {@code removed_by_category=moderator}) and the WARC record holding the bytes.
 *
 * @param httpStatus    the response status (0 when the evidence did not come from an HTTP response, e.g. an import)
 * @param signal        the machine-readable signal that decided the reason, e.g. {@code weibo:20112}
 * @param message       the platform's message as shown, possibly empty
 * @param warcRecordId  the WARC-Record-ID of the response record, or empty when not archived
 */
public record Evidence(int httpStatus, String signal, String message, String warcRecordId) {
    public static final int MAX_MESSAGE = 4096;

    public Evidence {
        if (httpStatus < 0 || httpStatus > 999) throw new IllegalArgumentException("httpStatus out of range: " + httpStatus);
        signal = Objects.requireNonNullElse(signal, "");
        message = Objects.requireNonNullElse(message, "");
        if (message.length() > MAX_MESSAGE) message = message.substring(0, MAX_MESSAGE);
        warcRecordId = Objects.requireNonNullElse(warcRecordId, "");
    }

    public Evidence withWarcRecordId(String id) {
        return new Evidence(httpStatus, signal, message, id);
    }
}
