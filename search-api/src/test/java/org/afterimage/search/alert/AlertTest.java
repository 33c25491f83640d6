package org.afterimage.search.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.afterimage.search.index.DocJson;
import org.junit.jupiter.api.Test;

class AlertTest {
    static Alert sample(String sub, String eventId) {
        ObjectNode doc = DocJson.MAPPER.createObjectNode().put("eventId", eventId).put("key", "wechat:abc").put("platform", "wechat")
                .put("postId", "abc").put("type", "removal").put("reason", "CENSORED").put("text", "维权律师\u0001 <b>&</b>")
                .put("url", "https://mp.weixin.qq.com/s/abc").put("hidden", false).put("seq", 3);
        doc.putObject("event").put("raw", true);
        return new Alert(Alert.idFor(sub, eventId), sub, Matcher.publicDoc(doc), Matcher.postSummary(doc),
                Instant.parse("2024-06-04T08:00:01Z"), Instant.parse("2024-06-04T08:00:00Z"));
    }

    @Test
    void alertIdIsStableAndDistinctPerSubscriptionAndEvent() {
        assertThat(Alert.idFor("sub_1", "wechat:abc#3")).isEqualTo(Alert.idFor("sub_1", "wechat:abc#3")).startsWith("al_");
        assertThat(Alert.idFor("sub_1", "wechat:abc#3")).isNotEqualTo(Alert.idFor("sub_2", "wechat:abc#3"))
                .isNotEqualTo(Alert.idFor("sub_1", "wechat:abc#4"));
    }

    @Test
    void roundTripsThroughJsonWithoutInternalFields() {
        Alert a = sample("sub_1", "wechat:abc#3");
        Alert back = Alert.parse(a.toJson());
        assertThat(back).isEqualTo(a);
        assertThat(back.event().has("event")).isFalse();
        assertThat(back.event().has("hidden")).isFalse();
        assertThat(back.post().get("link").asText()).isEqualTo("/api/v1/posts/wechat/abc");
    }

    @Test
    void malformedAlertsAreRefusedClearly() {
        for (String bad : List.of("", "null", "{}", "[1]", "{\"alertId\":1}", "not json", "{\"alertId\":\"a\",\"subscriptionId\":\"s\"}")) {
            assertThatThrownBy(() -> Alert.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alert");
        }
        assertThatThrownBy(() -> Alert.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void atomFeedIsWellFormedAndEscapesScrapedText() throws Exception {
        Subscription s = new Subscription("sub_1", "k1", "lawyers <&>", Map.of("q", List.of("x")), false, null,
                Instant.parse("2024-06-01T00:00:00Z"), 0);
        byte[] xml = AlertRoutes.atom(s, List.of(sample("sub_1", "wechat:abc#3"), sample("sub_1", "wechat:abc#4")), "/api/v1/subscriptions/sub_1/feed.atom");
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml));
        assertThat(doc.getDocumentElement().getNamespaceURI()).isNull();   // non-namespace-aware parser
        assertThat(doc.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.w3.org/2005/Atom");
        assertThat(doc.getElementsByTagName("entry").getLength()).isEqualTo(2);
        String text = new String(xml, StandardCharsets.UTF_8);
        assertThat(text).contains("urn:afterimage:alert:" + Alert.idFor("sub_1", "wechat:abc#3")).contains("lawyers &lt;&amp;&gt;")
                .doesNotContain("\u0001");
    }
}
