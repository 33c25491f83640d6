package org.afterimage.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.afterimage.model.RemovalReason;
import org.afterimage.search.WechatFixture;
import org.junit.jupiter.api.Test;

class DocsTest {
    final List<WechatFixture.Row> rows = WechatFixture.rows();

    @Test
    void fixtureHasTheRealRemovals() {
        assertThat(rows).hasSizeGreaterThan(9000);
    }

    @Test
    void removedPostDocumentCarriesEveryMappedField() throws Exception {
        WechatFixture.Row censored = rows.stream().filter(r -> r.message().contains("违规")).findFirst().orElseThrow();
        ObjectNode d = Docs.post(WechatFixture.removed(7, censored));
        assertThat(d.get("key").asText()).isEqualTo("wechat:mp/7");
        assertThat(d.get("platform").asText()).isEqualTo("wechat");
        assertThat(d.get("status").asText()).isEqualTo("removed");
        assertThat(d.get("reason").asText()).isEqualTo("CENSORED");
        assertThat(d.get("probability").asDouble()).isEqualTo(0.9);
        assertThat(d.get("text").asText()).isEqualTo(censored.title());
        assertThat(d.get("timeToRemovalSeconds").asLong())
                .isEqualTo(java.time.Duration.between(censored.created(), censored.removed()).getSeconds());
        assertThat(d.get("evidenceSummary").asText()).contains("CENSORED").contains("此内容因违规无法查看");
        assertThat(d.get("hidden").asBoolean()).isFalse();
        assertThat(d.get("versionsCount").asInt()).isEqualTo(1);
        assertThat(DocJson.MAPPER.readTree(DocJson.MAPPER.writeValueAsString(d)).get("record").get("schema").asInt()).isEqualTo(1);
    }

    @Test
    void selfDeletionsAreMarkedHidden() {
        WechatFixture.Row self = rows.stream().filter(r -> WechatFixture.reason(r.message()) == RemovalReason.DELETED_BY_AUTHOR)
                .findFirst().orElseThrow();
        assertThat(Docs.post(WechatFixture.removed(1, self)).get("hidden").asBoolean()).isTrue();
        assertThat(Docs.event(WechatFixture.removalEvent(1, self)).get("hidden").asBoolean()).isTrue();
        assertThat(Docs.post(WechatFixture.live(1, self)).get("hidden").asBoolean()).isFalse();
    }

    @Test
    void eventDocumentIsKeyedByEventId() {
        ObjectNode d = Docs.event(WechatFixture.removalEvent(3, rows.get(0)));
        assertThat(d.get("eventId").asText()).isEqualTo("wechat:mp/3#2");
        assertThat(d.get("type").asText()).isEqualTo("removal");
        assertThat(DocJson.MAPPER.valueToTree(d).toString()).contains("\"event\":{\"schema\":1,\"type\":\"removal\"");
    }

    @Test
    void mappingBodyGetsShardsAndReplicas() {
        String body = new IndexLayout("t-", 2, 0).body(IndexLayout.POSTS_MAPPING);
        assertThat(body).contains("\"number_of_shards\":2").contains("\"number_of_replicas\":0").contains("\"standard\"");
    }
}
