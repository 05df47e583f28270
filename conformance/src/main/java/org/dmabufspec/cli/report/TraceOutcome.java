package org.dmabufspec.cli.report;

import java.nio.file.Path;
import java.util.Optional;
import org.dmabufspec.conformance.checker.CheckReport;

/**
 * One validated trace: the checker's report, what its header expects (a trace carrying an
 * injected bug must be rejected, any other accepted) and, for a rejection, the events up to the
 * first divergent one drawn as a diagram.
 */
public record TraceOutcome(Path file, CheckReport report, boolean expectRejection, Optional<SequenceDiagram> diagram) {

    public boolean asExpected() {
        return switch (report.verdict()) {
            case ACCEPTED -> !expectRejection;
            case REJECTED -> expectRejection;
            case BAD_INPUT -> false;
        };
    }
}
