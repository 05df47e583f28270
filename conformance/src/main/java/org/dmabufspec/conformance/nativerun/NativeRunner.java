package org.dmabufspec.conformance.nativerun;

import java.nio.file.Path;
import java.util.List;

/** Runs the native harness somewhere with a real kernel: in a VM, or on this host. */
public sealed interface NativeRunner permits VmRunner, HostRunner {

    /** Runs the named scenarios (all when empty), leaving console and traces in outDir. */
    NativeRun run(List<String> scenarios, Path outDir) throws NativeRunException;
}
