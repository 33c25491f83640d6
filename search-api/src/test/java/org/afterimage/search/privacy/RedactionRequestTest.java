package org.afterimage.search.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.InstantSource;
import org.afterimage.model.PostKey;
import org.afterimage.model.Redaction;
import org.afterimage.model.json.Json;
import org.afterimage.search.service.InvalidParameterException;
import org.junit.jupiter.api.Test;

/** The body of {@code POST /api/v1/redactions}: valid, malformed and hostile. */
class RedactionRequestTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    final PrivacyRoutes routes = new PrivacyRoutes(null, null, null, null, InstantSource.fixed(T), 4096);

    Redaction parse(String json) throws Exception {
        JsonNode n = Json.MAPPER.readTree(json);
        return routes.parse(n, "key:k1 (ops)");
    }

    @Test
    void keyAuthorAndHostRequests() throws Exception {
        Redaction k = parse("{\"key\":\"weibo:123/4\",\"reason\":\"GDPR request 17\"}");
        assertThat(k.key()).isEqualTo(PostKey.parse("weibo:123/4"));
        assertThat(k.by()).isEqualTo("key:k1 (ops)");
        assertThat(k.at()).isEqualTo(T);
        assertThat(k.reason()).isEqualTo("GDPR request 17");
        assertThat(parse("{\"author\":\"reddit:SomeOne\",\"reason\":\"r\"}").author()).isEqualTo("reddit:someone");
        assertThat(parse("{\"host\":\"Blog.Example.org\",\"reason\":\"r\"}").host()).isEqualTo("blog.example.org");
    }

    @Test
    void badRequestsNameTheField() {
        assertThatThrownBy(() -> parse("{\"key\":\"weibo:1\"}")).isInstanceOf(InvalidParameterException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> parse("{\"key\":\"weibo:1\",\"reason\":\"\"}")).hasMessageContaining("reason");
        assertThatThrownBy(() -> parse("{\"key\":\"weibo:1\",\"reason\":42}")).hasMessageContaining("reason");
        assertThatThrownBy(() -> parse("{\"reason\":\"r\"}")).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> parse("{\"key\":\"weibo:1\",\"author\":\"weibo:a\",\"reason\":\"r\"}")).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> parse("{\"key\":[\"weibo:1\"],\"reason\":\"r\"}")).hasMessageContaining("must be a string");
        assertThatThrownBy(() -> parse("{\"key\":\"nocolon\",\"reason\":\"r\"}")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> parse("{\"key\":\"myspace:1\",\"reason\":\"r\"}")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> parse("{\"key\":\"weibo:" + "9".repeat(600) + "\",\"reason\":\"r\"}")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> parse("{\"key\":\"weibo:a\\u0000b\",\"reason\":\"r\"}")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> parse("{\"author\":\"weibo:\",\"reason\":\"r\"}")).hasMessageContaining("author");
        assertThatThrownBy(() -> parse("{\"host\":\"../../etc\",\"reason\":\"r\"}")).hasMessageContaining("host");
        assertThatThrownBy(() -> parse("{\"key\":\"weibo:1\",\"reason\":\"r\",\"undo\":true}")).hasMessageContaining("unknown field");
        // found by RedactionRequestFuzzTest: an empty field name was reported with an empty parameter
        assertThatThrownBy(() -> parse("{\"\":1,\"key\":\"weibo:1\",\"reason\":\"r\"}")).hasMessageContaining("(empty field name)");
    }
}
