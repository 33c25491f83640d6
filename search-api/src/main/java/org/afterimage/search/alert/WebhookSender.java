package org.afterimage.search.alert;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.InstantSource;

/**
 * One webhook POST: checks the URL against {@link Ssrf} again right before sending (DNS can change after
 * creation), never follows redirects (a 3xx is a failed attempt: the hop could lead into the private network),
 * signs the body and sends {@code Idempotency-Key}. Any 2xx is a delivery.
 */
final class WebhookSender {
    /** The outcome of one attempt. */
    sealed interface Result {
        record Delivered(int status) implements Result {
        }

        record Failed(String reason) implements Result {
        }
    }

    private final Ssrf ssrf;
    private final Duration timeout;
    private final InstantSource clock;
    private final HttpClient http;

    WebhookSender(Ssrf ssrf, Duration timeout, InstantSource clock) {
        this.ssrf = ssrf;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    Result send(Subscription.Webhook w, String alertId, byte[] body) {
        Ssrf.Verdict v = ssrf.check(w.url());
        if (v instanceof Ssrf.Verdict.Refused r) return new Result.Failed("refused: " + r.reason());
        Ssrf.Verdict.Allowed ok = (Ssrf.Verdict.Allowed) v;
        long t = clock.instant().getEpochSecond();
        HttpRequest req = HttpRequest.newBuilder(ok.uri()).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Afterimage-Webhook/1")
                .header("Idempotency-Key", alertId)
                .header(WebhookSignature.HEADER, WebhookSignature.header(w.secret(), t, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> resp = http.send(req, HttpResponse.BodyHandlers.discarding());
            int s = resp.statusCode();
            if (s >= 200 && s < 300) return new Result.Delivered(s);
            if (s >= 300 && s < 400) {
                String loc = resp.headers().firstValue("Location").orElse("?");
                return new Result.Failed("HTTP " + s + " redirect to " + (loc.length() > 200 ? loc.substring(0, 200) : loc) + " not followed");
            }
            return new Result.Failed("HTTP " + s);
        } catch (HttpTimeoutException e) {
            return new Result.Failed("timeout after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Result.Failed("I/O error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Failed("interrupted");
        } catch (RuntimeException e) {
            return new Result.Failed("error: " + e);
        }
    }
}
