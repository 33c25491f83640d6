package org.afterimage.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.afterimage.crawler.classify.Classify;
import org.afterimage.crawler.classify.ClassifyOptions;
import org.afterimage.model.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afterimage classify}: what Afterimage reads in one saved response, one JSON object per post per line. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Read one saved response body (or a twarc JSONL file) and print one JSON object per post found.",
            "Exit code 0 when every line parsed, 1 otherwise; errors go to stderr naming the line and the reason."})
public final class ClassifyCommand implements Callable<Integer> {
    @Option(names = "--platform", required = true, converter = PlatformConverter.class,
            description = "telegram|mastodon|reddit|twitter|wechat|weibo|html|rss")
    Platform platform;

    @Option(names = "--status", description = "HTTP status the body was served with (default 200).")
    Integer status;

    @Option(names = "--url", description = "URL the body was fetched from (names a post that is gone).")
    String url;

    @Option(names = "--profile", description = "YAML site profile (required for --platform html).")
    Path profile;

    @Parameters(index = "0", paramLabel = "FILE", description = "The saved body or JSONL file.")
    Path file;

    @Override
    public Integer call() {
        return Classify.run(new ClassifyOptions(platform, status, url, profile, file), System.out, System.err);
    }

    /** Lets picocli name the allowed platforms when a value is wrong. */
    static final class PlatformConverter implements picocli.CommandLine.ITypeConverter<Platform> {
        @Override
        public Platform convert(String value) {
            return Platform.of(value);
        }
    }
}
