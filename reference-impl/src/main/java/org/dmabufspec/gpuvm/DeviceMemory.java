package org.dmabufspec.gpuvm;

import java.util.ArrayList;
import java.util.List;

import org.dmabufspec.buf.Storage;
import org.dmabufspec.importer.Access;
import org.dmabufspec.kernel.Kernel;

/**
 * What the memory feels when a device touches it, checked as DmaBufDeviceAccess's invariants
 * state it: the device's importer is still attached (R12), the storage is not freed for reuse
 * (R5) and its move's copy into it is done (R6), and a write does not land in a copy the move
 * already read (R5b). A broken rule is a misuse (thrown in STRICT mode, recorded in RECORD mode).
 */
public final class DeviceMemory {
    private DeviceMemory() {
    }

    static DeviceAccess touch(Kernel k, VmImporter d, Storage st, Access kind, String via) {
        String op = "device.access";
        List<String> broken = new ArrayList<>(0);
        String who = d.dev() + " (" + via + ")";
        k.lockdep().check(d.attachment() != null, "R12", op, who + " touched " + st.id() + " after its importer detached", broken);
        k.lockdep().check(!st.freed(), "R5", op, who + " touched " + st.id() + " after the exporter freed it for reuse", broken);
        k.lockdep().check(st.ready(), "R6", op, who + " touched " + st.id() + " before the move's copy into it was done", broken);
        k.lockdep().check(kind != Access.WRITE || !st.superseded(), "R5b", op,
                who + " wrote " + st.id() + " after the move's copy read it: the write is lost", broken);
        return new DeviceAccess(d.dev(), st, kind, via, broken);
    }
}
