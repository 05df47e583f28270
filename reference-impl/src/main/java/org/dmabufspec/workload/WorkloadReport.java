package org.dmabufspec.workload;

import java.util.List;
import java.util.Map;
import org.dmabufspec.lockdep.Misuse;

/**
 * What a run did: operations per kind, the misuses lockdep recorded, and the end-of-run invariant
 * failures (leaked pins or mappings, unsignalled fences, storage still in use). {@code tornDown}:
 * no worker crashed, so the program dropped every reference it took (the trace's end record may
 * say {@code teardown}).
 */
public record WorkloadReport(long ops, Map<String, Long> opsByKind, List<Misuse> misuse, List<String> invariantFailures,
                             long jobs, long moves, boolean tornDown) {
    public boolean clean() {
        return misuse.isEmpty() && invariantFailures.isEmpty();
    }
}
