package org.afterimage.crawler.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class DatesTest {
    private static Instant byFormatter(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Test
    void handWrittenUtcTimesAgreeWithTheIsoFormatter() {
        String[] cases = {"2019-04-24T01:23:45.000Z", "2019-04-24T01:23:45Z", "2022-10-03T17:57:01.123456789Z", "2024-02-29T00:00:00.5Z",
            "2023-02-29T00:00:00Z", "2019-02-30T01:00:00Z", "2019-04-24T24:00:00Z", "2019-04-24T23:59:60Z", "2019-13-01T00:00:00Z",
            "2019-04-24T01:23:45.Z", "2019-04-24T01:23:45.1234567890Z", "2019-04-24 01:23:45Z", "2019-4-24T01:23:45Z",
            "+019-04-24T01:23:45Z", "2019-04-24T01:23:4xZ", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
            "2023-02-28T07:47:53+00:00", "2023-02-28T07:47:53.25+00:00", "2023-02-28T07:47:53+01:00", "2023-02-28T07:47:53-00:00"};
        for (String c : cases) {
            Instant fast = Dates.utc(c);
            // either the fast path declines (and the formatter decides) or it gives the formatter's answer
            if (fast != null) assertThat(fast).as(c).isEqualTo(byFormatter(c));
            else if (byFormatter(c) != null) assertThat(c).as("fast path declined a plain UTC time").doesNotMatch("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|\\+00:00)");
        }
        assertThat(Dates.utc("2019-04-24T01:23:45.000Z")).isEqualTo(Instant.parse("2019-04-24T01:23:45Z"));
        assertThat(Dates.utc("2023-02-28T07:47:53+00:00")).isEqualTo(Instant.parse("2023-02-28T07:47:53Z"));
        assertThat(Dates.utc("2023-02-28T07:47:53+01:00")).isNull();
    }
}
