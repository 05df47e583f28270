package org.dmabufspec.conformance.relation.ww;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.Frozen;
import org.dmabufspec.conformance.relation.ModelNames;
import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/**
 * WwMutex.tla's CONSTANTS as the model binds them; threads and locks are model values, kept by
 * name.
 *
 * @param lockOrder each thread's objects in loop order (the model's LockOrder, restricted to Procs)
 */
public record WwMutexConstants(Set<String> locks, Set<String> ctxProcs, Set<String> nullProcs,
                               Map<String, List<String>> lockOrder, String noLock) {
    /** The constant expressions the harness asks TLC to print. */
    public static final List<String> NAMES = List.of("Locks", "CtxProcs", "NullProcs", "LockOrder", "NoLock");

    public WwMutexConstants {
        locks = Set.copyOf(locks);
        ctxProcs = Set.copyOf(ctxProcs);
        nullProcs = Set.copyOf(nullProcs);
        lockOrder = Frozen.lists(lockOrder);
        Set<String> procs = new TreeSet<>(ctxProcs);
        procs.addAll(nullProcs);
        for (String p : procs) {
            if (!lockOrder.containsKey(p)) {
                throw new IllegalArgumentException("WwMutex LockOrder has no entry for thread " + p);
            }
        }
    }

    /** Procs == CtxProcs \cup NullProcs, sorted for a stable step order. */
    public Set<String> procs() {
        Set<String> all = new TreeSet<>(ctxProcs);
        all.addAll(nullProcs);
        return all;
    }

    public static WwMutexConstants fromPrinted(Map<String, TlaValue> printed) {
        ModelNames.Printed p = ModelNames.printed(printed, "WwMutex");
        Map<String, List<String>> order = ModelNames.fromFcn(p.value("LockOrder"), Tla::asModel,
                seq -> Tla.asSeq(seq).stream().map(Tla::asModel).toList());
        return new WwMutexConstants(p.models("Locks"), p.models("CtxProcs"), p.models("NullProcs"), order,
                p.model("NoLock"));
    }
}
