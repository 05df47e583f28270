package org.dmabufspec.exporter;

import java.util.List;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaBufOps;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.uapi.Memfd;

/**
 * The udmabuf exporter (drivers/dma-buf/udmabuf.c): a static exporter over the pages of one or
 * more memfd ranges, which it references (newer kernels: pins) for the buffer's lifetime without
 * copying, so CPU writes to the memfd are what the device reads. ≤6.14 it sets
 * {@code cache_sgt_mapping}; mmap requires a shared mapping.
 */
public final class UdmabufExporter implements DmaBufOps {
    /** One {@code udmabuf_create_item}: a page-aligned range of a memfd. */
    public record Range(Memfd memfd, long offset, long size) {
    }

    /** {@code struct udmabuf}: the ranges in order and the storage standing for their pages. */
    public static final class Udmabuf {
        private final List<Range> ranges;
        private final Storage storage;

        Udmabuf(List<Range> ranges, Storage storage) {
            this.ranges = List.copyOf(ranges);
            this.storage = storage;
        }

        public List<Range> ranges() {
            return ranges;
        }

        public Storage storage() {
            return storage;
        }

        /** The byte at {@code off} of the buffer: a byte of the memfd's page cache. */
        public byte read(long off) {
            Range r = find(off);
            return r.memfd().pages()[(int) (r.offset() + off - start(r))];
        }

        /** Writes the byte at {@code off} of the buffer into the memfd's page cache. */
        public void write(long off, byte v) {
            Range r = find(off);
            r.memfd().pages()[(int) (r.offset() + off - start(r))] = v;
        }

        private long start(Range target) {
            long s = 0;
            for (Range r : ranges) {
                if (r == target) {
                    return s;
                }
                s += r.size();
            }
            throw new IllegalStateException("range not in buffer");
        }

        private Range find(long off) {
            long s = 0;
            for (Range r : ranges) {
                if (off >= s && off < s + r.size()) {
                    return r;
                }
                s += r.size();
            }
            throw new IndexOutOfBoundsException("offset " + off + " outside the udmabuf");
        }
    }

    private final Kernel kernel;

    public UdmabufExporter(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public String name() {
        return "udmabuf";
    }

    /** Set by udmabuf up to 6.14 (the core honours it only there). */
    @Override
    public boolean cacheSgtMapping() {
        return true;
    }

    /** Exports already-validated ranges; {@code traceExport = false} inside the ioctl's event. */
    public DmaBuf export(List<Range> ranges, boolean traceExport) {
        long size = 0;
        for (Range r : ranges) {
            size += r.size();
        }
        Udmabuf u = new Udmabuf(ranges, new Storage(kernel.newId("pages"), "SYSTEM", true));
        return DmaBuf.export(kernel, this, size, u, traceExport);
    }

    public static Udmabuf udmabuf(DmaBuf b) {
        return (Udmabuf) b.priv();
    }

    @Override
    public SgTable mapDmaBuf(DmaBufAttachment attach, DmaDataDirection dir) {
        return new SgTable(attach.dmabuf().newSgtId(), udmabuf(attach.dmabuf()).storage, dir);
    }

    @Override
    public void unmapDmaBuf(DmaBufAttachment attach, SgTable sgt, DmaDataDirection dir) {
    }

    @Override
    public boolean hasVmap() {
        return true;
    }

    @Override
    public boolean hasMmap() {
        return true;
    }

    /** mmap_udmabuf: {@code (vm_flags & (VM_SHARED | VM_MAYSHARE)) == 0} is -EINVAL. */
    @Override
    public Errno mmap(DmaBuf buf, boolean shared) {
        return shared ? null : Errno.EINVAL;
    }

    /** release_udmabuf: the memfd pages are unreferenced (the memfd keeps them). */
    @Override
    public void release(DmaBuf buf) {
        udmabuf(buf).storage.markFreed();
    }
}
