package org.afterimage.app.cli;

import java.util.concurrent.CountDownLatch;
import org.afterimage.app.run.Pipeline;

/** Runs a pipeline until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes it cleanly. */
final class Lifecycle {
    private Lifecycle() {
    }

    static int runUntilStopped(Pipeline.Settings settings) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Pipeline pipeline = Pipeline.start(settings, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pipeline.close();
            stopped.countDown();
        }, "afterimage-shutdown"));
        stopped.await();
        return 0;
    }
}
