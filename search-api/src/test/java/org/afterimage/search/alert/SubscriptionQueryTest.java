package org.afterimage.search.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.service.Filter;
import org.afterimage.search.service.FilterParser;
import org.afterimage.search.service.InvalidParameterException;
import org.afterimage.search.service.Queries;
import org.junit.jupiter.api.Test;

class SubscriptionQueryTest {
    final FilterParser parser = new FilterParser(1000, 100);

    static JsonNode json(String s) {
        try {
            return DocJson.MAPPER.readTree(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void sameFilterAndSameElasticsearchQueryAsTheSearchWithTheSameParameters() throws Exception {
        Map<String, List<String>> p = SubscriptionQuery.params(json(
                "{\"q\":\"维权律师 lawyers\",\"platform\":[\"wechat\",\"weibo\"],\"reason\":\"censored\",\"minProbability\":0.5,"
                        + "\"type\":\"removal\",\"from\":\"2024-01-01\"}"));
        Filter sub = SubscriptionQuery.filter(parser, p, false);
        Filter search = parser.parse(Map.of("q", List.of("维权律师 lawyers"), "platform", List.of("wechat,weibo"),
                "reason", List.of("CENSORED"), "minProbability", List.of("0.5"), "type", List.of("removal"),
                "from", List.of("2024-01-01")), FilterParser.Target.EVENTS);
        assertThat(sub.fingerprint()).isEqualTo(search.fingerprint());
        assertThat(Queries.of(sub, Queries.Kind.EVENTS).toString()).isEqualTo(Queries.of(search, Queries.Kind.EVENTS).toString());
    }

    @Test
    void invalidFiltersFailWithTheSearchMessages() throws Exception {
        String searchMsg = messageOf(() -> parser.parse(Map.of("reason", List.of("bogus")), FilterParser.Target.EVENTS));
        String subMsg = messageOf(() -> SubscriptionQuery.filter(parser, SubscriptionQuery.params(json("{\"reason\":\"bogus\"}")), false));
        assertThat(subMsg).isEqualTo(searchMsg).contains("unknown reason");
        assertThat(messageOf(() -> SubscriptionQuery.filter(parser, SubscriptionQuery.params(json("{\"minProbability\":2}")), false)))
                .contains("minProbability");
        assertThat(messageOf(() -> SubscriptionQuery.filter(parser, SubscriptionQuery.params(json("{\"colour\":\"red\"}")), false)))
                .contains("unknown parameter");
    }

    @Test
    void refusesPagingNestedValuesAndNonObjects() {
        for (String bad : List.of("{\"sort\":\"detected\"}", "{\"size\":5}", "{\"cursor\":\"x\"}", "{\"q\":{\"a\":1}}",
                "{\"q\":null}", "{\"platform\":[[\"wechat\"]]}", "[]", "\"q\"", "42")) {
            assertThatThrownBy(() -> SubscriptionQuery.params(json(bad))).as(bad).isInstanceOf(InvalidParameterException.class);
        }
    }

    @Test
    void emptyOrMissingQueryMatchesEverythingVisible() throws Exception {
        assertThat(SubscriptionQuery.params(null)).isEmpty();
        Filter f = SubscriptionQuery.filter(parser, SubscriptionQuery.params(json("{}")), false);
        assertThat(f.q()).isEmpty();
        assertThat(f.includeHidden()).isFalse();
    }

    static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (InvalidParameterException e) {
            return e.getMessage();
        }
        throw new AssertionError("no exception");
    }
}
