package org.afterimage.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SearchConfigTest {
    @Test
    void defaultsBindAndValidate() {
        SearchConfig c = SearchConfig.defaults();
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().maxPageSize()).isEqualTo(100);
        assertThat(c.privacy().showDeletedByAuthor()).isFalse();
        assertThat(c.auth().anonymousRead()).isFalse();
        assertThat(c.metrics().isPublic()).isTrue();
    }

    @Test
    void overrideKeepsOtherDefaults() {
        SearchConfig c = SearchConfig.fromYaml("auth:\n  anonymousRead: true\nhttp:\n  port: 0\n");
        assertThat(c.auth().anonymousRead()).isTrue();
        assertThat(c.http().port()).isZero();
        assertThat(c.http().maxQueryLength()).isEqualTo(1000);
        assertThat(c.auth().rateLimits().reader().perMinute()).isEqualTo(600);
    }

    @Test
    void badValueNamesKeyAndValue() {
        assertThatThrownBy(() -> SearchConfig.fromYaml("http:\n  port: 70000\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http.port=70000");
        assertThatThrownBy(() -> SearchConfig.fromYaml("elasticsearch:\n  indexPrefix: 'UPPER/'\n"))
                .hasMessageContaining("elasticsearch.indexPrefix=UPPER/");
    }

    @Test
    void unknownKeyIsNamed() {
        assertThatThrownBy(() -> SearchConfig.fromYaml("http:\n  prot: 1\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prot");
    }

    @Test
    void wrongTypeIsNamed() {
        assertThatThrownBy(() -> SearchConfig.fromYaml("export:\n  pageSize: lots\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("export.pageSize");
    }
}
