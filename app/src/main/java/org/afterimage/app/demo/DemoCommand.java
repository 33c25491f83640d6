package org.afterimage.app.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code afterimage demo}: the whole loop on this machine, against a local replay of four platforms. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline against a local replay platform (no internet needed): posts published, edited and removed on an accelerated clock, detected, searchable, alerted.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--speed", defaultValue = "1440", description = "Replay seconds per real second (default: ${DEFAULT-VALUE}, a day per minute).")
    double speed;

    @Option(names = "--data", defaultValue = "data/demo", description = "Data directory, wiped at each demo start (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--port", defaultValue = "8080", description = "Port of the web UI and API (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--replay-port", defaultValue = "0", description = "Port of the replay platform (default: any free port).")
    int replayPort;

    @Option(names = "--seconds", description = "Stop after this many seconds (default: run until Ctrl-C).")
    Long seconds;

    @Override
    public Integer call() {
        if (!(speed >= 1 && speed <= 1_000_000)) {
            System.err.println("--speed " + speed + ": must be between 1 and 1000000");
            return 2;
        }
        if (seconds != null && seconds < 1) {
            System.err.println("--seconds " + seconds + ": must be at least 1");
            return 2;
        }
        String kafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        String es = System.getenv("ELASTICSEARCH_URL");
        Demo.Settings s = new Demo.Settings(data.toAbsolutePath().normalize(), "127.0.0.1", port, speed, replayPort,
                Optional.ofNullable(kafka).filter(x -> !x.isBlank()), Optional.ofNullable(es).filter(x -> !x.isBlank()),
                "afterimage-demo-" + Long.toString(System.currentTimeMillis(), 36));
        return Demo.run(s, Optional.ofNullable(seconds).map(Duration::ofSeconds), System.out, System.err);
    }
}
