package org.dmabufspec.conformance.nativerun;

import java.util.List;

/** One buffer of bufinfo: its row, its fences (usage up to READ), and its attached devices. */
public record BufInfoBuffer(long size, int fileFlags, int fileMode, long fileCount, String exporter, long inode,
                            String name, List<BufInfoFence> fences, List<String> devices) {

    public BufInfoBuffer {
        fences = List.copyOf(fences);
        devices = List.copyOf(devices);
    }

    /** The trace's buffer id for this buffer, as the native harness writes it. */
    public String bufId() {
        return "ino:" + inode;
    }

    /** Fences not yet signalled with usage in {@code usages} (e.g. KERNEL, WRITE for a CPU read). */
    public long unsignalled(String... usages) {
        return fences.stream().filter(f -> !f.signalled() && List.of(usages).contains(f.usage())).count();
    }
}
