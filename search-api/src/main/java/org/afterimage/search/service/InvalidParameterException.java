package org.afterimage.search.service;

/** A request parameter (or body field) is missing, malformed or out of range; the message names it. */
public final class InvalidParameterException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(parameter + ": " + message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
