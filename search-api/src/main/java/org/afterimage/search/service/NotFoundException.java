package org.afterimage.search.service;

/** The thing asked for does not exist, or is hidden from this caller (which must look the same). */
public final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
