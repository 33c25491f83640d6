package org.afterimage.search.service;

/** Elasticsearch could not be reached or refused the request for now (maps to 503). */
public final class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
