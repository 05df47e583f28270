package org.dmabufspec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dmabuf} command: each subcommand is one class in this package. */
@Command(name = "dmabuf",
        mixinStandardHelpOptions = true,
        version = "dmabuf-spec 0.1.0",
        description = {"Model-check the dma-buf protocol specs and check executions against them.",
                "Models: check, show, models, cfgs, coverage, testgen. Executions: simulate (the reference implementation),"
                        + " validate and coherency (traces), native (a real kernel). Figures: bench."
                        + " Rule ids in verdicts are explained in docs/rules.md."},
        subcommands = {
                CommandLine.HelpCommand.class,
                SimulateCommand.class,
                BenchCommand.class,
                ValidateCommand.class,
                CoherencyCommand.class,
                NativeCommand.class,
                CaptureCommand.class,
                CheckCommand.class,
                ShowCommand.class,
                ModelsCommand.class,
                CfgsCommand.class,
                CoverageCommand.class,
                ReportCommand.class,
                TestgenCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
