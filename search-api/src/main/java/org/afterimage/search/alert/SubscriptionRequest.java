package org.afterimage.search.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.afterimage.search.service.FilterParser;
import org.afterimage.search.service.InvalidParameterException;

/**
 * The body of {@code POST /api/v1/subscriptions} (read by {@link org.afterimage.search.http.JsonBody}), checked
 * without any state, so every hostile body can be tried against it directly: a request, or an
 * {@link InvalidParameterException} (400) naming the field.
 *
 * @param name    shown in lists and feeds ("" when absent)
 * @param query   the search filters, as query parameter lists (checked by the search's own parser)
 * @param webhook where alerts are posted, or null for SSE/Atom only
 */
record SubscriptionRequest(String name, Map<String, List<String>> query, Subscription.Webhook webhook) {
    static final int MAX_NAME = 200;
    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;

    /** Checks every field; the query with the search's own filter parser, the webhook URL with the SSRF guard. */
    static SubscriptionRequest parse(JsonNode body, FilterParser parser, Ssrf ssrf, boolean includeHidden) {
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("name", "query", "delivery").contains(f)) {
                throw new InvalidParameterException(abbreviate(f), "unknown field; allowed: name, query, delivery");
            }
        }
        JsonNode name = body.get("name");
        if (name != null && !name.isNull() && (!name.isTextual() || name.textValue().length() > MAX_NAME)) {
            throw new InvalidParameterException("name", "must be a string of at most " + MAX_NAME + " characters");
        }
        Map<String, List<String>> query = SubscriptionQuery.params(body.get("query"));
        SubscriptionQuery.filter(parser, query, includeHidden);   // the search's own validation and messages
        return new SubscriptionRequest(name == null || name.isNull() ? "" : name.textValue(), query, webhook(body.get("delivery"), ssrf));
    }

    private static Subscription.Webhook webhook(JsonNode delivery, Ssrf ssrf) {
        if (delivery == null || delivery.isNull()) return null;
        if (!delivery.isObject()) throw new InvalidParameterException("delivery", "must be an object: {\"webhook\":{\"url\",\"secret\"}}");
        for (var it = delivery.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("webhook")) throw new InvalidParameterException("delivery." + abbreviate(f), "unknown field; allowed: webhook");
        }
        JsonNode w = delivery.get("webhook");
        if (w == null || w.isNull()) return null;
        if (!w.isObject()) throw new InvalidParameterException("delivery.webhook", "must be an object {\"url\",\"secret\"}");
        for (var it = w.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("url", "secret").contains(f)) {
                throw new InvalidParameterException("delivery.webhook." + abbreviate(f), "unknown field; allowed: url, secret");
            }
        }
        JsonNode url = w.get("url");
        if (url == null || !url.isTextual()) throw new InvalidParameterException("delivery.webhook.url", "required string");
        JsonNode secret = w.get("secret");
        if (secret == null || !secret.isTextual() || secret.textValue().length() < MIN_SECRET || secret.textValue().length() > MAX_SECRET) {
            throw new InvalidParameterException("delivery.webhook.secret", "required string of " + MIN_SECRET + " to " + MAX_SECRET + " characters");
        }
        if (ssrf.check(url.textValue()) instanceof Ssrf.Verdict.Refused r) {
            throw new InvalidParameterException("delivery.webhook.url", "refused: " + r.reason());
        }
        return new Subscription.Webhook(url.textValue().strip(), secret.textValue());
    }

    private static String abbreviate(String s) {
        if (s.isBlank()) return "(empty field name)";   // {"": 1} must still be named in the error
        return s.length() > 60 ? s.substring(0, 60) : s;
    }
}
