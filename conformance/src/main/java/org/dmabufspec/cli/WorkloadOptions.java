package org.dmabufspec.cli;

import picocli.CommandLine.Option;

/** {@code --seed}: the seed of a reference-implementation workload ({@code simulate}, {@code bench scaling}). */
public final class WorkloadOptions {
    @Option(names = "--seed", defaultValue = "1", description = "workload seed. Default: ${DEFAULT-VALUE}")
    long seed;
}
