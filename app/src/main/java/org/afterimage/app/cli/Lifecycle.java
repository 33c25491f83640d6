package org.afterimage.app.cli;

import java.util.concurrent.CountDownLatch;
import org.afterimage.app.run.Pipeline;

/** Runs a pipeline until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes it cleanly. */
final class Lifecycle {
    private Lifecycle() {
    }

    static int runUntilStopped(Pipeline.Settings settings) throws Exception {
        return runUntilStopped(settings, false);
    }

    /** With {@code statusLine}, prints the status line every few seconds and a summary when stopped. */
    static int runUntilStopped(Pipeline.Settings settings, boolean statusLine) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Pipeline pipeline = Pipeline.start(settings, System.out);
        if (statusLine) pipeline.printStatus();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (statusLine) pipeline.summary().ifPresent(s -> System.out.println("[afterimage] " + s));
            pipeline.close();
            stopped.countDown();
        }, "afterimage-shutdown"));
        stopped.await();
        return 0;
    }
}
