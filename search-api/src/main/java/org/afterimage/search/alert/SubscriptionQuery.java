package org.afterimage.search.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.afterimage.search.service.Filter;
import org.afterimage.search.service.FilterParser;
import org.afterimage.search.service.InvalidParameterException;

/**
 * A subscription's query: the JSON form of the search's query parameters ({@code {"q":"...","platform":["wechat",
 * "weibo"],"minProbability":0.5}}), parsed by the very {@link FilterParser} the search uses (events target), so a
 * subscription means exactly what {@code GET /api/v1/events} with the same parameters means. Paging and sorting
 * parameters make no sense for alerts and are refused.
 */
final class SubscriptionQuery {
    static final Set<String> NOT_FOR_ALERTS = Set.of("sort", "size", "cursor");

    private SubscriptionQuery() {
    }

    /** JSON object to parameter lists; every problem names the field ({@code query.x}). */
    static Map<String, List<String>> params(JsonNode query) {
        if (query == null || query.isNull()) return Map.of();
        if (!query.isObject()) throw new InvalidParameterException("query", "must be a JSON object of search filters");
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var it = query.fields(); it.hasNext(); ) {
            var e = it.next();
            String name = e.getKey();
            if (NOT_FOR_ALERTS.contains(name)) throw new InvalidParameterException(field(name), "not allowed in a subscription query");
            JsonNode v = e.getValue();
            List<String> values = new ArrayList<>();
            if (v.isArray()) {
                for (JsonNode x : v) values.add(scalar(name, x));
            } else {
                values.add(scalar(name, v));
            }
            out.put(name, values);
        }
        return out;
    }

    private static String scalar(String name, JsonNode v) {
        if (v.isTextual()) return v.textValue();
        if (v.isNumber() || v.isBoolean()) return v.asText();
        throw new InvalidParameterException(field(name), "must be a string, a number or an array of them");
    }

    /** {@code query.<name>}, cut short: a hostile body may carry a 60 KiB key. */
    private static String field(String name) {
        return "query." + (name.length() > 60 ? name.substring(0, 60) : name);
    }

    /** The filter of {@code params}, exactly as the events search would build it. */
    static Filter filter(FilterParser parser, Map<String, List<String>> params, boolean includeHidden) {
        for (String k : params.keySet()) {
            if (NOT_FOR_ALERTS.contains(k)) throw new InvalidParameterException(k, "not allowed in a subscription query");
        }
        return parser.parse(params, FilterParser.Target.EVENTS).withIncludeHidden(includeHidden);
    }
}
