package org.dmabufspec.conformance.nativerun;

import java.util.List;
import java.util.Optional;

/** A parsed bufinfo snapshot (the whole file or one buffer's block) and the format it had. */
public record BufInfo(BufInfoFormat format, List<BufInfoBuffer> buffers) {

    public BufInfo {
        buffers = List.copyOf(buffers);
    }

    public Optional<BufInfoBuffer> byInode(long inode) {
        return buffers.stream().filter(b -> b.inode() == inode).findFirst();
    }
}
