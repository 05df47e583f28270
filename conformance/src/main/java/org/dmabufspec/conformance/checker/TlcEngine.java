package org.dmabufspec.conformance.checker;

import java.nio.file.Path;

/**
 * The TLC oracle: generates a Trace module over the spec and runs TLC on it. Kept apart from the
 * fast engine so the two can be compared on the same traces.
 */
final class TlcEngine {
    private TlcEngine() {
    }

    static CheckReport check(Path trace, CheckOptions options) {
        return org.dmabufspec.conformance.checker.tlc.TlcOracle.check(trace, options);
    }
}
