package org.afterimage.detector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.afterimage.model.kafka.Topics;

/**
 * The detector as its own JVM for the kill/restart IT: {@code bootstrap namespace applicationId stateDir instanceId}.
 * Prints {@code RUNNING} once its tasks are assigned; runs until killed.
 */
public final class DetectorProcessMain {
    private DetectorProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        DetectorConfig cfg = DetectorConfig.load(Optional.empty(), Map.of(
                "applicationId", args[2], "instanceId", args[4], "processing.commitInterval", "100ms",
                // captures come 10 min apart: two of every three "seen again" skip the history write
                "history.sightingResolution", "25m"));
        Detector d = Detector.start(cfg, Topics.in(args[1]), args[0], Path.of(args[3]));
        if (d.awaitRunning(Duration.ofMinutes(2))) System.out.println("RUNNING");
        else System.out.println("NOT RUNNING: " + d.state());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
