package org.afterimage.detector.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.model.EvidenceItem;
import org.afterimage.model.RemovalReason;
import org.junit.jupiter.api.Test;

class ScoreTest {
    final DetectorConfig cfg = DetectorConfig.defaults();
    final Scorer scorer = new Scorer(cfg.score(), Lexicon.load(cfg.score().lexicons()));

    @Test
    void theProbabilityIsTheSigmoidOfTheSummedWeights() {
        Scorer.Score s = scorer.score(new Scorer.Facts(RemovalReason.CENSORED, Duration.ofMinutes(20), "六四 纪念", 2, false, 1, false));
        double logit = s.items().stream().mapToDouble(EvidenceItem::weight).sum();
        assertThat(s.probability()).isCloseTo(1 / (1 + Math.exp(-logit)), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(s.items()).extracting(EvidenceItem::factor)
                .containsExactly("prior", "reason", "time_to_removal", "lexicon", "author_history", "near_duplicates");
    }

    @Test
    void deterministic() {
        Scorer.Facts f = new Scorer.Facts(RemovalReason.NOT_FOUND, Duration.ofDays(3), "hello", 0, true, 0, true);
        assertThat(scorer.score(f)).isEqualTo(scorer.score(f));
    }

    @Test
    void censorshipOutranksSelfDeletionOutranksPrivacy() {
        double censored = scorer.score(new Scorer.Facts(RemovalReason.CENSORED, null, "", 0, false, 0, false)).probability();
        double deleted = scorer.score(new Scorer.Facts(RemovalReason.DELETED_BY_AUTHOR, null, "", 0, false, 0, false)).probability();
        double priv = scorer.score(new Scorer.Facts(RemovalReason.PRIVATE, null, "", 0, false, 0, false)).probability();
        assertThat(censored).isGreaterThan(deleted);
        assertThat(deleted).isGreaterThan(priv);
    }

    @Test
    void capsBoundEachFactor() {
        String text = String.join(" ", Lexicon.load(cfg.score().lexicons()).hits("六四 天安门 坦克人 法轮功 刘晓波 达赖 维权 上访", 50));
        Scorer.Score s = scorer.score(new Scorer.Facts(RemovalReason.CENSORED, null, text, 100, false, 100, false));
        for (EvidenceItem i : s.items()) {
            switch (i.factor()) {
                case "lexicon" -> assertThat(i.weight()).isEqualTo(cfg.score().lexiconCap());
                case "author_history" -> assertThat(i.weight()).isEqualTo(cfg.score().authorCap());
                case "near_duplicates" -> assertThat(i.weight()).isEqualTo(cfg.score().nearDuplicateCap());
                default -> {
                }
            }
        }
        assertThat(s.probability()).isBetween(0.0, 1.0);
    }

    @Test
    void lexiconsMatchCaseInsensitivelyAndIgnoreHostileEntries() {
        Lexicon l = new Lexicon(List.of("Tiananmen", "", "   ", "x".repeat(500), "六四"));
        assertThat(l.size()).isEqualTo(2);
        assertThat(l.hits("Remember TIANANMEN and 六四", 10)).containsExactly("tiananmen", "六四");
        assertThat(l.hits(null, 10)).isEmpty();
    }

    @Test
    void simHashFindsNearDuplicatesAndSeparatesDifferentTexts() {
        String a = "Open letter: we ask the city to release the detained workers and explain the arrests";
        long h1 = SimHash.of(a);
        long h2 = SimHash.of(a + "!");
        long h3 = SimHash.of("A recipe for dumplings with pork and cabbage, steamed for twelve minutes");
        assertThat(SimHash.distance(h1, h2)).isLessThanOrEqualTo(3);
        assertThat(SimHash.distance(h1, h3)).isGreaterThan(10);
        assertThat(SimHash.of("short")).isZero();
        boolean shared = false;
        for (int b = 0; b < SimHash.BANDS; b++) shared |= SimHash.band(h1, b) == SimHash.band(h2, b);
        assertThat(shared).isTrue();
    }
}
