package org.afterimage.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentHashTest {

    @Test
    void whitespaceAndInvisibleCharactersAreNotEdits() {
        assertThat(ContentHash.of("Hello   world\n")).isEqualTo(ContentHash.of(" Hello world"));
        assertThat(ContentHash.of("zero\u200Bwidth")).isEqualTo(ContentHash.of("zerowidth"));
        assertThat(ContentHash.of("ｆｕｌｌwidth")).isEqualTo(ContentHash.of("fullwidth"));
    }

    @Test
    void trackingParametersAreNotEdits() {
        assertThat(ContentHash.normalise("see https://ex.com/a?utm_source=tw&id=3&fbclid=XYZ now"))
                .isEqualTo("see https://ex.com/a?id=3 now");
        assertThat(ContentHash.normalise("https://ex.com/a?utm_source=tw")).isEqualTo("https://ex.com/a");
        assertThat(ContentHash.of("https://ex.com/a?id=3&utm_medium=x")).isEqualTo(ContentHash.of("https://ex.com/a?id=3"));
    }

    @Test
    void realEditsChangeTheHash() {
        assertThat(ContentHash.of("the vote was rigged")).isNotEqualTo(ContentHash.of("the vote was fair"));
        assertThat(ContentHash.of("Case")).isNotEqualTo(ContentHash.of("case"));
        assertThat(ContentHash.of("https://ex.com/a?id=3")).isNotEqualTo(ContentHash.of("https://ex.com/a?id=4"));
    }

    @Test
    void nullAndEmptyAreTheSameEmptyContent() {
        assertThat(ContentHash.of(null)).isEqualTo(ContentHash.of("")).startsWith("sha256:");
    }
}
