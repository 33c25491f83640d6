package org.afterimage.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class OverlayTest {

    @Test
    void mappingsMergeAndEverythingElseReplaces() throws Exception {
        JsonNode base = Json.MAPPER.readTree("{\"a\":{\"x\":1,\"y\":2},\"list\":[1,2],\"s\":\"keep\"}");
        JsonNode over = Json.MAPPER.readTree("{\"a\":{\"y\":3},\"list\":[9],\"new\":true}");
        assertThat(Overlay.merge(base, over)).isEqualTo(
                Json.MAPPER.readTree("{\"a\":{\"x\":1,\"y\":3},\"list\":[9],\"s\":\"keep\",\"new\":true}"));
        assertThat(base.at("/a/y").intValue()).as("base unchanged").isEqualTo(2);
        assertThat(Overlay.merge(base, null)).isSameAs(base);
    }
}
