package org.dmabufspec.cli;

import java.time.Duration;
import java.util.List;
import org.dmabufspec.tlc.RunOptions;
import picocli.CommandLine.Option;

/** The TLC run options shared by {@code check}, {@code show} and {@code coverage}. */
public final class TlcOptions {
    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "TLC workers per model (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "1800", description = "Seconds before a model's TLC is killed (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--heap", paramLabel = "MB", defaultValue = "1024", description = "TLC's heap in MiB (default: ${DEFAULT-VALUE}).")
    int heapMb;

    /**
     * Run options with no extra TLC flags; a model's own flags are added with {@code withTlcOptions}, its
     * tier's JIT with {@code forModel}.
     */
    RunOptions runOptions() {
        return new RunOptions(workers, heapMb, Duration.ofSeconds(timeoutSeconds), List.of(), RunOptions.Jit.QUICK);
    }
}
