package org.afterimage.search.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.afterimage.search.auth.AuthException;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.service.BackendUnavailableException;
import org.afterimage.search.service.InvalidParameterException;
import org.afterimage.search.service.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place exceptions become a status and the body {@code {"error":{"code","message"}}}. */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    static void handle(Exception e, Context ctx) {
        switch (e) {
            case InvalidParameterException ip -> write(ctx, 400, "invalid_parameter", ip.getMessage());
            case NotFoundException nf -> write(ctx, 404, "not_found", nf.getMessage());
            case AuthException ae -> {
                switch (ae.kind()) {
                    case UNAUTHENTICATED -> {
                        ctx.header("WWW-Authenticate", "Bearer");
                        write(ctx, 401, "unauthenticated", ae.getMessage());
                    }
                    case FORBIDDEN -> write(ctx, 403, "forbidden", ae.getMessage());
                    case RATE_LIMITED -> {
                        ctx.header("Retry-After", String.valueOf(ae.retryAfterSeconds()));
                        write(ctx, 429, "rate_limited", ae.getMessage());
                    }
                }
            }
            case BackendUnavailableException bu -> {
                log.warn("backend unavailable for {} {}: {}", ctx.method(), ctx.path(), bu.getMessage());
                ctx.header("Retry-After", "5");
                write(ctx, 503, "backend_unavailable", bu.getMessage());
            }
            case HttpResponseException hr -> write(ctx, hr.getStatus(), code(hr.getStatus()), hr.getMessage());
            default -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                write(ctx, 500, "internal", "internal error; see the server log");
            }
        }
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "body_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal" : "http_" + status;
        };
    }

    static void write(Context ctx, int status, String code, String message) {
        ObjectNode body = DocJson.MAPPER.createObjectNode();
        body.putObject("error").put("code", code).put("message", message == null ? code : message);
        ctx.status(status);
        Routes.json(ctx, body);
    }
}
