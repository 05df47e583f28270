package org.dmabufspec.conformance.nativerun;

import java.nio.file.Path;

/** What one harness run left behind: its console (KTAP), its trace stream, its exit status. */
public record NativeRun(String console, Path traceStream, int harnessExit) {
}
