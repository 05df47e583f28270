package org.dmabufspec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dmabuf native}: conformance runs against a real kernel's dma-buf uAPI. */
@Command(name = "native",
        description = "Native conformance: run the uAPI harness on a real kernel (VM or host) and validate its traces.",
        subcommands = {NativeRunCommand.class})
public final class NativeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
