package org.afterimage.app.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.afterimage.app.status.Status;
import org.afterimage.model.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code afterimage status}: asks a running instance for its status line over HTTP ({@code GET /status}) and prints
 * it, or the raw JSON with {@code --json}. Exit 0 when it answered, 1 when it did not (with the reason).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Ask a running instance (afterimage run, or any component) what it is doing.")
public final class StatusCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080",
            description = "Address of the instance's HTTP server (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--json", description = "Print the JSON answer instead of the line.")
    boolean json;

    @Override
    public Integer call() {
        URI uri;
        try {
            uri = URI.create(url.replaceAll("/+$", "") + "/status");
            if (uri.getHost() == null) throw new IllegalArgumentException("no host");
        } catch (IllegalArgumentException e) {
            System.err.println("afterimage status: --url " + url + " is not an http(s) URL (" + e.getMessage() + ")");
            return 2;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                System.err.println("afterimage status: " + uri + " answered HTTP " + r.statusCode() + ": " + abbreviate(r.body()));
                return 1;
            }
            if (json) {
                System.out.println(r.body());
            } else {
                Status s = Json.MAPPER.readValue(r.body(), Status.class);
                System.out.println(s.line() + " (at " + s.at() + ", " + ago(s.at()) + ")");
            }
            return 0;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            System.err.println("afterimage status: " + uri + " did not answer with a status (" + e.getOriginalMessage()
                    + "); is that an Afterimage instance?");
            return 1;
        } catch (IOException e) {
            System.err.println("afterimage status: no instance answered at " + uri + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is `afterimage run` started, and on which --port?");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static String ago(Instant at) {
        long s = Math.max(0, Duration.between(at, Instant.now()).toSeconds());
        return s + " s ago";
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
