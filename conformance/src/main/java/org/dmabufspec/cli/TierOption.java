package org.dmabufspec.cli;

import picocli.CommandLine.Option;

/** {@code --tier}: which models of the manifest a command takes when none is named ({@code check}, {@code coverage}). */
public final class TierOption {
    @Option(names = "--tier", paramLabel = "TIER", defaultValue = "default",
            description = "default | deep | all (ignored when MODELs are named; default: ${DEFAULT-VALUE}).")
    String tier;

    @Override
    public String toString() {
        return tier;
    }
}
