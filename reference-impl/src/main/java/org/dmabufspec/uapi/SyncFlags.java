package org.dmabufspec.uapi;

/** Flag values of include/uapi/linux/dma-buf.h and dma-heap.h. */
public final class SyncFlags {
    public static final long DMA_BUF_SYNC_READ = 1;
    public static final long DMA_BUF_SYNC_WRITE = 2;
    public static final long DMA_BUF_SYNC_RW = 3;
    public static final long DMA_BUF_SYNC_START = 0;
    public static final long DMA_BUF_SYNC_END = 4;
    public static final long DMA_BUF_SYNC_VALID_FLAGS_MASK = 7;
    public static final int O_ACCMODE = 3;
    public static final int O_RDWR = 2;
    public static final int O_CLOEXEC = 0x80000;
    public static final int DMA_BUF_NAME_LEN = 32;
    public static final String POLLIN = "POLLIN";
    public static final String POLLOUT = "POLLOUT";

    private SyncFlags() {
    }

    /** The trace spelling of SYNC flags, e.g. "START|READ", "END|RW"; flags the kernel rejects in hex ("0x8"). */
    public static String syncText(long flags) {
        if ((flags & ~DMA_BUF_SYNC_VALID_FLAGS_MASK) != 0 || (flags & DMA_BUF_SYNC_RW) == 0) {
            return "0x" + Long.toHexString(flags);
        }
        String rw = switch ((int) (flags & DMA_BUF_SYNC_RW)) {
            case 1 -> "READ";
            case 2 -> "WRITE";
            case 3 -> "RW";
            default -> "0";
        };
        return ((flags & DMA_BUF_SYNC_END) != 0 ? "END|" : "START|") + rw;
    }

    /** The trace spelling of sync_file flags: READ, WRITE, RW; flags the kernel rejects in hex. */
    public static String rwText(long flags) {
        if ((flags & ~DMA_BUF_SYNC_RW) != 0) {
            return "0x" + Long.toHexString(flags);
        }
        return switch ((int) (flags & DMA_BUF_SYNC_RW)) {
            case 1 -> "READ";
            case 2 -> "WRITE";
            case 3 -> "RW";
            default -> "0x" + Long.toHexString(flags);
        };
    }
}
