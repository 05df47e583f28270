package org.dmabufspec.cli;

import picocli.CommandLine.Option;

/** {@code --keep}: benchmarks that generate traces delete them unless asked to keep them. */
public final class KeepTracesOption {
    @Option(names = "--keep", description = "keep the generated traces (prints where)")
    boolean keep;
}
