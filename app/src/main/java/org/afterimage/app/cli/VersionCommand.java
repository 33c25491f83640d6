package org.afterimage.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code afterimage version}: this build and the engine versions it embeds. */
@Command(name = "version", description = "Print the version of Afterimage and of the engines it embeds.")
public final class VersionCommand implements Runnable {

    @Override
    public void run() {
        for (String line : Provider.lines()) System.out.println(line);
    }

    /** Reads {@code version.properties}, filled by Maven at build time. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines();
        }

        static String[] lines() {
            Properties p = new Properties();
            try (InputStream in = VersionCommand.class.getResourceAsStream("/org/afterimage/app/version.properties")) {
                if (in != null) p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {
                "afterimage " + p.getProperty("version", "unknown"),
                "kafka " + p.getProperty("kafka", "unknown") + ", elasticsearch " + p.getProperty("elasticsearch", "unknown")
                        + ", java " + Runtime.version()};
        }
    }
}
