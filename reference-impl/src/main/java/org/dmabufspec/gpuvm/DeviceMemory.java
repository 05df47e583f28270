package org.dmabufspec.gpuvm;

import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.importer.Access;
import org.dmabufspec.kernel.Call;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.trace.ObjectIds;

/**
 * What the memory feels when a device touches it, checked as DmaBufDeviceAccess's invariants
 * state it: the device's importer is still attached (R12), the storage is not freed for reuse
 * (R5) and its move's copy into it is done (R6), and a write does not land in a copy the move
 * already read (R5b). A broken rule is a misuse (thrown in STRICT mode, recorded in RECORD mode).
 * Traced as {@code importer.device_access} on the table the access goes through, naming the
 * fence that covers it in the reservation (the job's, or the pending TLB flush's), if any.
 */
public final class DeviceMemory {
    private DeviceMemory() {
    }

    static DeviceAccess touch(Kernel k, VmImporter d, DmaBufAttachment attach, SgTable sgt, Access kind, DmaFence fence,
                              String via) {
        Storage st = sgt.storage();
        ObjectIds ids = ObjectIds.buf(attach.dmabuf().id()).withAttach(attach.id()).withSgt(sgt.id());
        try (Call c = k.call("importer.device_access", fence == null ? ids : ids.withFence(fence.id()))) {
            c.arg("access", kind.name());
            String op = c.op();
            String who = d.dev() + " (" + via + ")";
            k.lockdep().check(d.attachment() != null, "R12", op, who + " touched " + st.id() + " after its importer detached",
                    c.misuse());
            k.lockdep().check(!st.freed(), "R5", op, who + " touched " + st.id() + " after the exporter freed it for reuse",
                    c.misuse());
            k.lockdep().check(st.ready(), "R6", op, who + " touched " + st.id() + " before the move's copy into it was done",
                    c.misuse());
            k.lockdep().check(kind != Access.WRITE || !st.superseded(), "R5b", op,
                    who + " wrote " + st.id() + " after the move's copy read it: the write is lost", c.misuse());
            return new DeviceAccess(d.dev(), st, kind, via, c.misuse());
        }
    }
}
