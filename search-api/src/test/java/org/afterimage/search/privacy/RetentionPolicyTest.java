package org.afterimage.search.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.afterimage.search.SearchConfig;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void dueStrictlyAfterTheHorizon() {
        RetentionPolicy p = new RetentionPolicy(Optional.of(Duration.ofDays(30)));
        assertThat(p.cutoff(NOW)).contains(Instant.parse("2026-01-30T00:00:00Z"));
        assertThat(p.due(NOW.minus(Duration.ofDays(31)), NOW)).isTrue();
        assertThat(p.due(NOW.minus(Duration.ofDays(30)), NOW)).isFalse();   // exactly at the horizon: not yet
        assertThat(p.due(NOW.minus(Duration.ofDays(29)), NOW)).isFalse();
        assertThat(p.due(null, NOW)).isFalse();
    }

    @Test
    void offKeepsEverything() {
        RetentionPolicy off = new RetentionPolicy(Optional.empty());
        assertThat(off.cutoff(NOW)).isEmpty();
        assertThat(off.due(Instant.EPOCH, NOW)).isFalse();
        assertThat(new RetentionPolicy(Optional.of(Duration.ZERO)).due(Instant.EPOCH, NOW)).isFalse();
    }

    @Test
    void configKeyParsesIsoDurationsZeroAndRefusesGarbage() {
        assertThat(SearchConfig.defaults().privacy().selfDeletedRetentionDuration()).contains(Duration.ofDays(30));
        assertThat(SearchConfig.fromYaml("privacy: {selfDeletedRetention: PT12H}").privacy().selfDeletedRetentionDuration())
                .contains(Duration.ofHours(12));
        assertThat(SearchConfig.fromYaml("privacy: {selfDeletedRetention: 0}").privacy().selfDeletedRetentionDuration()).isEmpty();
        assertThat(SearchConfig.fromYaml("privacy: {selfDeletedRetention: \"0\"}").privacy().selfDeletedRetentionDuration()).isEmpty();
        assertThatThrownBy(() -> SearchConfig.fromYaml("privacy: {selfDeletedRetention: 30 days}"))
                .hasMessageContaining("privacy.selfDeletedRetention");
        assertThatThrownBy(() -> SearchConfig.fromYaml("privacy: {selfDeletedRetention: -P1D}"))
                .hasMessageContaining("privacy.selfDeletedRetention");
        assertThatThrownBy(() -> SearchConfig.fromYaml("privacy: {retentionCheckSeconds: 0}"))
                .hasMessageContaining("privacy.retentionCheckSeconds");
    }
}
