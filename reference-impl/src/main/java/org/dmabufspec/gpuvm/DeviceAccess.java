package org.dmabufspec.gpuvm;

import java.util.List;

import org.dmabufspec.buf.Storage;
import org.dmabufspec.importer.Access;

/**
 * One access of a device to memory, by a job or through a translation, and the rules it broke
 * (DmaBufDeviceAccess!DeviceAccessIsolated, !NoWriteToStaleCopy): empty when the storage belongs
 * to the buffer, is ready, and the device's importer is attached.
 */
public record DeviceAccess(String dev, Storage storage, Access kind, String via, List<String> broken) {
    public DeviceAccess {
        broken = List.copyOf(broken);
    }

    public boolean isolated() {
        return broken.isEmpty();
    }
}
