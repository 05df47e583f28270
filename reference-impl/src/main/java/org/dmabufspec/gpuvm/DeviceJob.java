package org.dmabufspec.gpuvm;

import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.importer.Access;

/**
 * Work handed to an engine: it holds the storage of the table it was submitted through, with its
 * access kind, until its fence signals, whatever happens to the mapping (unmap, move_notify and
 * detach stop no engine).
 */
public record DeviceJob(DmaBufAttachment attach, SgTable sgt, Access kind, DmaFence fence) {
    public Storage storage() {
        return sgt.storage();
    }
}
