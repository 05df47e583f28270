package org.dmabufspec.importer;

import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.kernel.Call;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.trace.ObjectIds;

/**
 * A device touching memory through a mapping: traced as {@code importer.device_access} and
 * checked like the hardware would feel it: storage already reused breaks R5 (the exporter did
 * not wait, or the importer was not told to stop), storage whose move has not finished breaks R6
 * (the KERNEL fence was not waited for).
 */
public final class Device {
    private Device() {
    }

    public static void access(Kernel k, DmaBufAttachment a, SgTable sgt, Access access) {
        try (Call c = k.call("importer.device_access",
                ObjectIds.buf(a.dmabuf().id()).withAttach(a.id()).withSgt(sgt.id()))) {
            c.arg("access", access.name());
            k.lockdep().check(!sgt.storage().freed(), "R5", c.op(), a.dev() + " accessed storage "
                    + sgt.storage().id() + " of " + a.dmabuf().id() + " after it was reused", c.misuse());
            k.lockdep().check(sgt.storage().ready(), "R6", c.op(), a.dev() + " accessed storage "
                    + sgt.storage().id() + " of " + a.dmabuf().id() + " before its move finished", c.misuse());
        }
    }
}
