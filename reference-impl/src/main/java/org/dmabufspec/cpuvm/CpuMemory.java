package org.dmabufspec.cpuvm;

import java.util.ArrayList;
import java.util.List;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.importer.Access;
import org.dmabufspec.kernel.Call;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.trace.ObjectIds;

/**
 * What the memory feels when a CPU touches it, checked as DmaBufCpuAccess's CpuAccessIsolated
 * states it, naming the rule that keeps that kind of mapping on the buffer's storage: R21 for an
 * mmap (the move's zap), R20 for a vmap (the pin). A broken rule is a misuse (thrown in STRICT
 * mode, recorded in RECORD mode). Traced as {@code cpu.access} (TRACE-FORMAT.md): the mapping, the kind
 * and the placement of the storage the access reached.
 */
final class CpuMemory {
    private CpuMemory() {
    }

    static CpuAccess touch(Kernel k, DmaBuf buf, String user, String via, String mapping, boolean holds, Storage st, Access kind, String rule) {
        try (Call c = k.call("cpu.access", ObjectIds.buf(buf.id()))) {
            c.arg("via", via).arg(via.equals("mmap") ? "vma" : "addr", mapping).arg("access", kind.name()).arg("placement", st.placement());
            CpuAccess a = touch(k, user, via, holds, st, kind, rule);
            a.broken().stream().distinct().forEach(c.misuse()::add);
            return a;
        }
    }

    private static CpuAccess touch(Kernel k, String user, String via, boolean holds, Storage st, Access kind, String rule) {
        List<String> broken = new ArrayList<>();
        String op = "cpu.access";
        String who = user + " (" + via + ")";
        k.lockdep().check(holds, rule, op, who + " touched " + st.id() + " after it gave up its mapping", broken);
        k.lockdep().check(!st.freed(), rule, op, who + " touched " + st.id() + " after the exporter freed it for reuse", broken);
        k.lockdep().check(st.ready(), "R22", op, who + " touched " + st.id() + " before the move's copy into it was done", broken);
        k.lockdep().check(kind != Access.WRITE || !st.superseded(), rule, op,
                who + " wrote " + st.id() + " after a move's copy read it: the write is lost", broken);
        return new CpuAccess(user, st, kind, via, broken);
    }
}
