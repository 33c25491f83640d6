package org.afterimage.app;

import org.afterimage.app.cli.ClassifyCommand;
import org.afterimage.app.cli.ComponentCommands;
import org.afterimage.app.cli.ForwardingCommands;
import org.afterimage.app.cli.ReindexCommand;
import org.afterimage.app.cli.RunCommand;
import org.afterimage.app.cli.StatusCommand;
import org.afterimage.app.cli.VersionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code afterimage}: the entry point of the jar. Each sub-command is one class in {@code cli}. */
@Command(name = "afterimage",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Archives public posts, notices when they disappear or change, and says whether it looks like censorship.",
        subcommands = {
            RunCommand.class,
            org.afterimage.app.demo.DemoCommand.class,
            ComponentCommands.CrawlerCommand.class,
            ComponentCommands.DetectorCommand.class,
            ComponentCommands.IndexerCommand.class,
            ComponentCommands.ApiCommand.class,
            ClassifyCommand.class,
            ForwardingCommands.SimulateCommand.class,
            ForwardingCommands.KeysCommandLine.class,
            ReindexCommand.class,
            StatusCommand.class,
            VersionCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
