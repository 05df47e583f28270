package org.dmabufspec.conformance.checker;

import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Implementation;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.KernelInfo;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.trace.TraceWriter;
import org.dmabufspec.trace.Tracer;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Runs a scenario on the reference implementation's kernel and writes its trace (logical clock, one thread). */
final class ReferenceRun {
    private ReferenceRun() {
    }

    static Path record(Path dir, String name, String behaviour, boolean moveNotify, Consumer<Kernel> scenario) throws Exception {
        KernelBehaviour kb = KernelBehaviour.parse(behaviour, moveNotify);
        TraceHeader header = new TraceHeader(Implementation.REFERENCE, new KernelInfo(kb, null, false, true), Clock.LOGICAL, name, null, null, null);
        Path p = dir.resolve(name.replace('/', '-') + "-" + behaviour + (moveNotify ? "" : "-nomn") + ".ndjson");
        try (OutputStream os = Files.newOutputStream(p)) {
            TraceWriter w = new TraceWriter(os, header);
            scenario.accept(new Kernel(kb, new Tracer(w, Clock.LOGICAL), Mode.RECORD));
            w.finish(TraceEnd.Status.COMPLETE, null);
        }
        return p;
    }
}
