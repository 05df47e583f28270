package org.dmabufspec.conformance.checker;

import java.nio.file.Path;
import java.util.List;

/**
 * The TLC oracle: generates a Trace module over the spec and runs TLC on it. Kept apart from the
 * fast engine so the two can be compared on the same traces.
 */
final class TlcEngine {
    private TlcEngine() {
    }

    static CheckReport check(Path trace, CheckOptions options) {
        return new CheckReport(Verdict.BAD_INPUT, trace.toString(), Engine.TLC, "?", 0, 0, 0, 0, null,
                "the TLC engine needs the spec modules in specs/tla (DmaFence, DmaResv, DmaBufAttach), which are not in this build yet; use --engine fast",
                List.of());
    }
}
