package org.dmabufspec.conformance.relation.coherency;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Implementation;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.KernelInfo;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.trace.TraceWriter;
import org.dmabufspec.trace.Tracer;
import org.dmabufspec.workload.Workload;
import org.dmabufspec.workload.WorkloadConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reference workload (`dmabuf simulate`) keeps its buffers coherent on a non-coherent
 * platform: no attachment of its traces lets a read see stale data. Attachments it maps twice at
 * once are outside the one-mapping model and are not counted. One thread only: with two, another
 * thread's unmap may land inside a SYNC bracket depending on the schedule, which is a real
 * hazard (U1: SYNC excludes nobody) but would make the test schedule-dependent. The reference
 * importers map BIDIRECTIONAL only, so this mostly guards against regressions of the analysis;
 * the directional hazards are in {@link TraceCoherencyTest}.
 */
class SimulatedTracesCoherencyTest {
    @TempDir
    Path dir;

    // seed 1 opens no bracket while a mapped attachment lives, which the last assertion rejects as vacuous
    @ParameterizedTest(name = "kernel {0}, {1} thread(s), seed {2}")
    @CsvSource({"6.1,1,2", "6.1,1,3", "6.2,1,2", "6.2,1,3", "6.15,1,2", "6.15,1,3", "7.1,1,2", "7.1,1,3"})
    void simulatedWorkloadHasNoStaleRead(String kernel, int threads, long seed) throws Exception {
        WorkloadConfig cfg = new WorkloadConfig(threads, 2000, seed, KernelBehaviour.parse(kernel, true), null,
                Clock.LOGICAL);
        Path p = dir.resolve(kernel + "-" + threads + "-" + seed + ".ndjson");
        try (OutputStream os = Files.newOutputStream(p)) {
            TraceWriter w = new TraceWriter(os, new TraceHeader(Implementation.REFERENCE,
                    new KernelInfo(cfg.kernel(), null, false, true), cfg.clock(), "coherency", seed, null, null));
            new Workload(cfg, new Tracer(w, cfg.clock())).run();
            w.finish(TraceEnd.Status.COMPLETE, null);
        }
        List<TraceCoherency.AttachmentCoherency> result = TraceCoherency.check(p, false);
        int coherentWithMaps = 0;
        for (TraceCoherency.AttachmentCoherency a : result) {
            assertTrue(!(a.verdict() instanceof CoherencyVerdict.StaleRead), a.describe());
            if (a.verdict() instanceof CoherencyVerdict.NotEnabled n) {
                assertTrue(n.condition().contains("already mapped"), a.describe());
            }
            if (a.verdict() instanceof CoherencyVerdict.Coherent && a.maps() > 0 && a.brackets() > 0) {
                coherentWithMaps++;
            }
        }
        assertTrue(coherentWithMaps > 0, "the trace maps and brackets CPU access at all: " + result.size()
                + " attachments");
    }
}
