package org.dmabufspec.mutation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
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

/**
 * The mutation run's only judge: simulate one legal workload on the (possibly mutated) reference
 * implementation and let the trace checker decide. The implementation's own findings do not count:
 * the workload runs in lockdep RECORD mode (misuse lands in the trace's informational
 * {@code misuse} field, which the checker ignores), its end-of-run invariant report is discarded,
 * and an exception ends the run as an aborted trace whose logged part is still judged.
 */
final class CheckerOracle {
    private CheckerOracle() {
    }

    /** One simulator configuration of the oracle. */
    record Run(int threads, int ops, String kernel, boolean moveNotify, boolean uapi, long seed) {
        @Override
        public String toString() {
            return threads + "t/" + ops + " ops/kernel " + kernel + (moveNotify ? "" : " no-move-notify") + (uapi ? "/uapi" : "")
                    + "/seed " + seed;
        }
    }

    /** Runs the workload, writes its trace under {@code dir} and returns the checker's report. */
    static CheckReport judge(Run run, Path dir) throws IOException {
        WorkloadConfig cfg = new WorkloadConfig(run.threads(), run.ops(), run.seed(),
                KernelBehaviour.parse(run.kernel(), run.moveNotify()), null, Clock.LOGICAL, run.uapi());
        TraceHeader header = new TraceHeader(Implementation.REFERENCE, new KernelInfo(cfg.kernel(), null, false, true),
                cfg.clock(), "mutation-oracle", run.seed(), null, null);
        Path trace = dir.resolve("trace.ndjson");
        try (OutputStream os = Files.newOutputStream(trace)) {
            TraceWriter writer = new TraceWriter(os, header);
            try {
                boolean tornDown = new Workload(cfg, new Tracer(writer, cfg.clock())).run().tornDown();
                writer.finish(TraceEnd.Status.COMPLETE, null, tornDown);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                writer.finish(TraceEnd.Status.ABORTED, e.toString());
            } catch (RuntimeException | Error e) {
                // a mutant that trips the implementation's own checks still has its logged events judged
                writer.finish(TraceEnd.Status.ABORTED, e.toString());
            }
        }
        return TraceChecker.check(trace);
    }
}
