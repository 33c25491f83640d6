package org.afterimage.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ArchiveFailuresTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T10:00:00Z"));
    private final ArchiveFailures failures = new ArchiveFailures(now::get);
    private final Logger logger = (Logger) LoggerFactory.getLogger(ArchiveFailures.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(lines);
    }

    @Test
    void aFullDiskIsReportedOnceWithItsCauseThenOncePerMinuteNotOncePerCapture() {
        for (int i = 0; i < 500; i++) {
            failures.failed("https://example.org/" + i, "No space left on device");
            now.set(now.get().plusMillis(100));   // 500 failures over 50 s
        }
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getLevel()).isEqualTo(Level.ERROR);
        assertThat(lines.list.get(0).getFormattedMessage()).contains("https://example.org/0", "No space left on device", "still published");

        now.set(now.get().plus(Duration.ofSeconds(11)));
        failures.failed("https://example.org/x", "No space left on device");
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage()).contains("501 captures not archived since 2026-11-28T10:00:00Z");
        assertThat(failures.failing()).isEqualTo(501);
    }

    @Test
    void theFirstSuccessAfterFailuresSaysHowManyWentUnarchivedAndResets() {
        failures.succeeded();
        assertThat(lines.list).as("successes alone are silent").isEmpty();
        failures.failed("u1", "below warc.minFreeBytes");
        failures.failed("u2", "below warc.minFreeBytes");
        failures.succeeded();
        failures.succeeded();
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getLevel()).isEqualTo(Level.WARN);
        assertThat(lines.list.get(1).getFormattedMessage()).contains("2 captures");
        assertThat(failures.failing()).isZero();

        failures.failed("u3", "No space left on device");
        assertThat(lines.list).as("a new episode is reported with its cause at once").hasSize(3);
        assertThat(lines.list.get(2).getFormattedMessage()).contains("u3", "No space left on device");
    }
}
