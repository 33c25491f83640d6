package org.afterimage.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.afterimage.detector.simulate.Simulation;
import org.afterimage.search.KeysCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Commands whose options are parsed by the module that owns them; picocli only forwards the arguments. Each module
 * prints its own usage on a bad argument.
 */
public final class ForwardingCommands {
    private ForwardingCommands() {
    }

    @Command(name = "simulate", description = {
        "Run the real detector topology on a simulated clock against a simulated platform and print one JSON result.",
        "Options: --removals FILE.csv [--posts N] [--budget REQ_PER_S] [--horizon 30d] [--transient-errors 0.05]",
        "         [--seed S] [--strategy adaptive|fixed|oracle] [--publishing 7d] [--measure-from 0s]"})
    public static final class SimulateCommand implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return Simulation.run(args.toArray(String[]::new), System.out, System.err);
        }
    }

    @Command(name = "keys", description = {
        "Manage API keys: create --role reader|subscriber|exporter|admin [--name N] | list | revoke ID",
        "Each with [--data-dir DIR] (default data) [--config FILE]."})
    public static final class KeysCommandLine implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return KeysCommand.run(args.toArray(String[]::new), System.out, System.err);
        }
    }
}
