package org.afterimage.search.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryTextTest {
    @Test
    void quotesRunsOfChineseSoTheyAreSearchedAsPhrases() {
        assertThat(QueryText.prepare("维权律师", 100)).isEqualTo("\"维权律师\"");
        assertThat(QueryText.prepare("维权 -律师 OR lawyer", 100)).isEqualTo("\"维权\" -\"律师\" | lawyer");
        assertThat(QueryText.prepare("幹部年輕化 policy", 100)).isEqualTo("\"幹部年輕化\" policy");
    }

    @Test
    void leavesQuotedTextAndSingleCharactersAlone() {
        assertThat(QueryText.prepare("\"六四 事件\" 人", 100)).isEqualTo("\"六四 事件\" 人");
        assertThat(QueryText.prepare("free speech", 100)).isEqualTo("free speech");
    }

    @Test
    void spelledOperatorsBecomeSymbolsOnlyBetweenTerms() {
        assertThat(QueryText.prepare("a OR b AND c", 100)).isEqualTo("a | b + c");
        assertThat(QueryText.prepare("OR ORACLE \"x OR y\" ANDROID", 100)).isEqualTo("OR ORACLE \"x OR y\" ANDROID");
    }

    @Test
    void closesAnUnbalancedQuote() {
        assertThat(QueryText.prepare("\"open", 100)).isEqualTo("\"open\"");
    }

    @Test
    void refusesHugeAndControlCharacterQueriesNamingQ() {
        assertThatThrownBy(() -> QueryText.prepare("x".repeat(101), 100))
                .isInstanceOf(InvalidParameterException.class).hasMessageStartingWith("q:");
        assertThatThrownBy(() -> QueryText.prepare("a\u0000b", 100)).hasMessageStartingWith("q:");
    }
}
