package org.afterimage.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DetectorCliTest {
    @Test
    void badArgumentsAndBadConfigExitTwoNamingTheProblem() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Detector.run(new String[] {"--bogus"}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--bogus");
        assertThat(Detector.run(new String[] {"--state-dir"}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs a value");
        assertThat(Detector.run(new String[] {"--set", "schedule.tick=forever"}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("schedule.tick");
        assertThat(Detector.run(new String[] {"--set", "novalue"}, o, e)).isEqualTo(2);
        assertThat(Detector.run(new String[] {"--partitions", "x"}, o, e)).isEqualTo(2);
    }
}
