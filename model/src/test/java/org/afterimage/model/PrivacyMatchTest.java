package org.afterimage.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PrivacyMatchTest {
    @Test
    void accountsMatchAuthorsAndKeyPrefixesCaseInsensitivelyWithoutTheAt() {
        Set<String> accounts = Set.of("telegram:durov", "mastodon:alice");
        assertThat(PrivacyMatch.authorMatches("telegram", "@Durov ", accounts)).isTrue();
        assertThat(PrivacyMatch.authorMatches("TELEGRAM", "durov", accounts)).isTrue();
        assertThat(PrivacyMatch.authorMatches("reddit", "durov", accounts)).as("another platform").isFalse();
        assertThat(PrivacyMatch.authorMatches("telegram", null, accounts)).isFalse();
        assertThat(PrivacyMatch.authorMatches("telegram", " ", accounts)).isFalse();
        assertThat(PrivacyMatch.keyMatches("telegram:Durov/123", accounts)).isTrue();
        assertThat(PrivacyMatch.keyMatches("telegram:durov", accounts)).isTrue();
        assertThat(PrivacyMatch.keyMatches("telegram:durovx/1", accounts)).as("a longer account is another account").isFalse();
        assertThat(PrivacyMatch.keyMatches("telegram:/1", accounts)).isFalse();
        assertThat(PrivacyMatch.keyMatches(null, accounts)).isFalse();
    }

    @Test
    void hostsMatchThemselvesAndSubdomainsOnly() {
        Set<String> hosts = Set.of("example.org");
        assertThat(PrivacyMatch.hostMatches(PrivacyMatch.hostOf("https://Blog.Example.org/x"), hosts)).isTrue();
        assertThat(PrivacyMatch.hostMatches(PrivacyMatch.hostOf("https://example.org"), hosts)).isTrue();
        assertThat(PrivacyMatch.hostMatches(PrivacyMatch.hostOf("https://notexample.org/"), hosts)).isFalse();
        assertThat(PrivacyMatch.hostOf("not a url")).isNull();
        assertThat(PrivacyMatch.hostOf("mailto:x@example.org")).isNull();
        assertThat(PrivacyMatch.hostMatches(null, hosts)).isFalse();
    }
}
