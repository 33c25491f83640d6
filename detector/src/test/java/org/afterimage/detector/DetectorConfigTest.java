package org.afterimage.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.afterimage.model.Platform;
import org.afterimage.model.RemovalReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorConfigTest {
    @Test
    void defaultsBindIntoTheRecordTree() {
        DetectorConfig c = DetectorConfig.defaults();
        assertThat(c.applicationId()).isEqualTo("afterimage-detector");
        assertThat(c.history().horizon()).isEqualTo(Duration.ofDays(90));
        assertThat(c.schedule().strategy()).isEqualTo(DetectorConfig.Strategy.ADAPTIVE);
        assertThat(c.schedule().ladderPoints()).hasSize(7).startsWith(Duration.ofMinutes(1));
        assertThat(c.schedule().ladderSteps()).hasSize(3);
        assertThat(c.schedule().budget(Platform.WEIBO)).isEqualTo(5.0);
        assertThat(c.score().reasonWeights()).containsKeys(RemovalReason.values());
        assertThat(c.processing().persistentStores()).isTrue();
        assertThat(c.processing().dueListInMemory()).isTrue();
        assertThat(c.history().sightingResolution()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aFileAndOverridesReplaceDefaults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("d.yaml");
        Files.writeString(f, "schedule:\n  budgets:\n    weibo: 12\n  tick: 5s\nhistory:\n  horizon: 30d\n");
        DetectorConfig c = DetectorConfig.load(Optional.of(f), Map.of("processing.standbyReplicas", "2", "schedule.strategy", "fixed"));
        assertThat(c.schedule().budget(Platform.WEIBO)).isEqualTo(12.0);
        assertThat(c.schedule().budget(Platform.REDDIT)).isEqualTo(5.0);
        assertThat(c.schedule().tick()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.history().horizon()).isEqualTo(Duration.ofDays(30));
        assertThat(c.processing().standbyReplicas()).isEqualTo(2);
        assertThat(c.schedule().strategy()).isEqualTo(DetectorConfig.Strategy.FIXED);
    }

    @Test
    void badValuesAreRejectedNamingTheKeyAndValue() {
        assertThatThrownBy(() -> DetectorConfig.load(Optional.empty(), Map.of("schedule.tick", "5 parsecs")))
                .hasMessageContaining("schedule.tick").hasMessageContaining("5 parsecs");
        assertThatThrownBy(() -> DetectorConfig.load(Optional.empty(), Map.of("processing.standbyReplicas", "-1")))
                .hasMessageContaining("processing.standbyReplicas").hasMessageContaining("-1");
        assertThatThrownBy(() -> DetectorConfig.load(Optional.empty(), Map.of("schedule.strategy", "psychic")))
                .hasMessageContaining("schedule.strategy").hasMessageContaining("psychic").hasMessageContaining("adaptive");
        assertThatThrownBy(() -> DetectorConfig.load(Optional.empty(), Map.of("schedule.budgets.myspace", "3")))
                .hasMessageContaining("schedule.budgets.myspace");
        assertThatThrownBy(() -> DetectorConfig.load(Optional.empty(), Map.of("no.such.key", "3")))
                .hasMessageContaining("no.such.key");
        assertThatThrownBy(() -> DetectorConfig.load(Optional.empty(), Map.of("applicationId", "bad id!")))
                .hasMessageContaining("applicationId");
        assertThatThrownBy(() -> DetectorConfig.load(Optional.empty(), Map.of("processing.persistentStores", "maybe")))
                .hasMessageContaining("processing.persistentStores");
        assertThatThrownBy(() -> DetectorConfig.load(Optional.empty(), Map.of("history.sightingResolution", "2d")))
                .hasMessageContaining("history.sightingResolution");
        assertThatThrownBy(() -> DetectorConfig.load(Optional.empty(), Map.of("history.sightingResolution", "-5m")))
                .hasMessageContaining("history.sightingResolution");
    }

    @Test
    void unknownKeysInAFileAreRejected(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("d.yaml");
        Files.writeString(f, "schedule:\n  tik: 5s\n");
        assertThatThrownBy(() -> DetectorConfig.load(Optional.of(f), Map.of())).hasMessageContaining("schedule.tik");
        Files.writeString(f, "- a list\n");
        assertThatThrownBy(() -> DetectorConfig.load(Optional.of(f), Map.of())).hasMessageContaining("mapping");
        Files.writeString(f, "schedule: [unclosed\n");
        assertThatThrownBy(() -> DetectorConfig.load(Optional.of(f), Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aYamlSectionLaysOverTheDefaults() {
        DetectorConfig c = DetectorConfig.fromYaml("schedule:\n  strategy: fixed\nhistory:\n  horizon: 7d\n");
        assertThat(c.schedule().strategy()).isEqualTo(DetectorConfig.Strategy.FIXED);
        assertThat(c.history().horizon()).isEqualTo(Duration.ofDays(7));
        assertThat(c.schedule().tick()).isEqualTo(Duration.ofSeconds(1));
        assertThat(DetectorConfig.fromYaml("{}")).isEqualTo(DetectorConfig.defaults());
        assertThatThrownBy(() -> DetectorConfig.fromYaml("history:\n  horizon: soon\n")).hasMessageContaining("history.horizon");
        assertThatThrownBy(() -> DetectorConfig.fromYaml("history: [\n")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> DetectorConfig.fromYaml("nonsense: 1\n")).hasMessageContaining("nonsense");
    }

    @Test
    void durationsParse() {
        assertThat(DetectorConfig.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DetectorConfig.parseDuration("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(DetectorConfig.parseDuration("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DetectorConfig.parseDuration("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> DetectorConfig.parseDuration("h")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DetectorConfig.parseDuration("10")).isInstanceOf(IllegalArgumentException.class);
    }
}
