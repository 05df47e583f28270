package org.dmabufspec.cpuvm;

import java.util.List;

import org.dmabufspec.buf.Storage;
import org.dmabufspec.importer.Access;

/**
 * One load or store of a CPU user to a buffer's storage, through an mmap or a vmap, and the rules
 * it broke (DmaBufCpuAccess!CpuAccessIsolated): empty when the user holds its mapping and the
 * storage belongs to the buffer (not freed for reuse, its move's copy done, not a copy a move read).
 */
public record CpuAccess(String user, Storage storage, Access kind, String via, List<String> broken) {
    public CpuAccess {
        broken = List.copyOf(broken);
    }

    public boolean isolated() {
        return broken.isEmpty();
    }
}
