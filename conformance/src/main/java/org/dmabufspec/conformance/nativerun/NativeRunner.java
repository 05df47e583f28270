package org.dmabufspec.conformance.nativerun;

import java.nio.file.Path;
import java.util.List;

/** Runs the native harness somewhere with a real kernel (in a VM, on this host), or reads a run that already happened. */
public sealed interface NativeRunner permits VmRunner, HostRunner, RecordedRun {

    /** Runs the named scenarios (all when empty), leaving console and traces in outDir. */
    NativeRun run(List<String> scenarios, Path outDir) throws NativeRunException;
}
