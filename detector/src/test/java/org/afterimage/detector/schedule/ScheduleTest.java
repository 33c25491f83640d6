package org.afterimage.detector.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.model.Platform;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    final DetectorConfig cfg = DetectorConfig.defaults();
    final Ladder ladder = new Ladder(cfg.schedule(), Duration.ofDays(30));

    @Test
    void theLadderClimbsFromMinutesToWeeks() {
        assertThat(ladder.nextAfter(0)).isEqualTo(Duration.ofMinutes(1).toMillis());
        assertThat(ladder.nextAfter(Duration.ofMinutes(1).toMillis())).isEqualTo(Duration.ofMinutes(2).toMillis());
        assertThat(ladder.nextAfter(Duration.ofMinutes(61).toMillis())).isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(ladder.nextAfter(Duration.ofHours(25).toMillis())).isEqualTo(Duration.ofDays(2).toMillis());
        assertThat(ladder.nextAfter(Duration.ofDays(8).toMillis())).isEqualTo(Duration.ofDays(14).toMillis());
        assertThat(ladder.nextAfter(Duration.ofDays(29).toMillis())).isEqualTo(-1);
        assertThat(ladder.gapAt(Duration.ofHours(5).toMillis())).isEqualTo(Duration.ofHours(1).toMillis());
    }

    @Test
    void dueKeysSortByPlatformThenTime() {
        Bytes a = DueKey.of(Platform.WEIBO, 1000, "weibo:z");
        Bytes b = DueKey.of(Platform.WEIBO, 2000, "weibo:a");
        Bytes c = DueKey.of(Platform.WECHAT, 0, "wechat:a");
        assertThat(a.compareTo(b)).isNegative();
        assertThat(DueKey.due(b)).isEqualTo(2000);
        assertThat(DueKey.postKey(b)).isEqualTo("weibo:a");
        assertThat(a.compareTo(DueKey.upper(Platform.WEIBO, 1000))).isNegative();
        assertThat(b.compareTo(DueKey.upper(Platform.WEIBO, 1000))).isPositive();
        assertThat(c.compareTo(DueKey.lower(Platform.WECHAT, 0))).isNotNegative();
        assertThat(DueKey.purpose(DueKey.value(DueKey.Purpose.CONFIRM, 3))).isEqualTo(DueKey.Purpose.CONFIRM);
        assertThat(DueKey.attempt(DueKey.value(DueKey.Purpose.CONFIRM, 3))).isEqualTo(3);
        assertThat(DueKey.purpose(new byte[] {99})).isEqualTo(DueKey.Purpose.SCHEDULED);
    }

    @Test
    void theHazardLearnsWhereRemovalsHappen() {
        Hazard h = Hazard.fromLadder(ladder, 5);
        int early = Hazard.bin(600);
        int day2 = Hazard.bin(2 * 86400);
        for (int i = 0; i < 1000; i++) {
            h.exposed(0, 4 * 86400);
            if (i % 2 == 0) h.removed(1.5 * 86400, 2.5 * 86400);
        }
        assertThat(h.rate(day2)).isGreaterThan(10 * h.rate(early));
        // checks follow sqrt(hazard): a post aged 10 min waits longer than one aged 2 days
        double gapYoung = h.nextCheck(600, 1e-2, 30 * 86400) - 600;
        double gapDay2 = h.nextCheck(2 * 86400, 1e-2, 30 * 86400) - 2 * 86400;
        assertThat(gapDay2).isLessThan(gapYoung);
    }

    @Test
    void aKnownHazardNeverChanges() {
        double[] rate = new double[Hazard.BINS];
        java.util.Arrays.fill(rate, 1e-6);
        Hazard h = Hazard.known(rate);
        h.removed(0, 100);
        h.exposed(0, 1e6);
        assertThat(h.rate(3)).isEqualTo(1e-6);
        assertThat(h.nextCheck(0, 1.0, 1e9)).isCloseTo(1000, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void theRateScaleRisesWithSpareBudgetAndFallsWithABacklog() {
        DetectorConfig c = DetectorConfig.load(Optional.empty(), Map.of("schedule.strategy", "fixed"));
        PlatformSchedule ps = new PlatformSchedule(c.schedule(), 1.0, Hazard.fromLadder(ladder, 5), ladder);
        double s0 = ps.scale();
        for (int i = 0; i < 100; i++) ps.adapt(1.0, 0, 60);
        assertThat(ps.scale()).isGreaterThan(s0);
        double s1 = ps.scale();
        for (int i = 0; i < 100; i++) ps.adapt(0, 60, 60);
        assertThat(ps.scale()).isLessThan(s1);
        long now = 1_000_000_000L;
        long next = ps.nextCheck(now - 1000, now, now + Duration.ofDays(30).toMillis(), 1);
        assertThat(next - now).isCloseTo((long) (1000 / ps.scale()), org.assertj.core.data.Offset.offset(1000L));
    }

    @Test
    void fixedGivesEveryLivePostTheSameGapFromThePopulationNotTheController() {
        DetectorConfig c = DetectorConfig.load(Optional.empty(), Map.of("schedule.strategy", "fixed",
                "schedule.restorationInterval", "1d"));
        PlatformSchedule ps = new PlatformSchedule(c.schedule(), 1.0, Hazard.fromLadder(ladder, 5), ladder);
        // 1,800 live posts, 8,640 removed ones checked daily (0.1 req/s): 0.9 - 0.1 = 0.8 req/s for the live ones
        ps.population(1800, 8640);
        long now = 1_000_000_000L;
        long limit = now + Duration.ofDays(30).toMillis();
        long young = ps.nextCheck(now - 60_000, now, limit, 1) - now;
        long old = ps.nextCheck(now - Duration.ofDays(20).toMillis(), now, limit, 3) - now;
        assertThat(young).isEqualTo(2_250_000L).isEqualTo(old);
        // the controller's swings do not move it
        for (int i = 0; i < 100; i++) ps.adapt(1.0, 0, 60);
        assertThat(ps.nextCheck(now - 60_000, now, limit, 1) - now).isEqualTo(young);
        // never below a tenth of the budget, however many removed posts wait for a restoration check
        ps.population(100, 10_000_000);
        assertThat(ps.nextCheck(now, now, limit, 1) - now).isEqualTo(1_000_000L);
    }

    @Test
    void theTokenBucketGivesTheBudgetAndNoMore() {
        PlatformSchedule ps = new PlatformSchedule(cfg.schedule(), 2.0, Hazard.fromLadder(ladder, 5), ladder);
        ps.refill(0, 1);
        int taken = 0;
        for (long t = 1000; t <= 10_000; t += 1000) {
            ps.refill(t, 1);
            while (ps.take()) taken++;
        }
        assertThat(taken).isBetween(19, 22);
    }
}
