package org.dmabufspec.uapi;

import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.exporter.UdmabufExporter;
import org.dmabufspec.kernel.Call;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.ObjectIds;

/**
 * {@code /dev/udmabuf} and its ioctls UDMABUF_CREATE / UDMABUF_CREATE_LIST (udmabuf.c
 * {@code udmabuf_create}, drivers/dma-buf/udmabuf.c), checked in the kernel's order: every range
 * page-aligned and the total within {@code size_limit_mb} and non-zero (-EINVAL); then per range
 * a shmem/hugetlbfs file (-EBADFD) with F_SEAL_SHRINK and without F_SEAL_WRITE — and, where
 * {@code denyFutureWrite}, without F_SEAL_FUTURE_WRITE (B21) — (-EINVAL), inside the file.
 */
public final class Udmabuf {
    public static final int UDMABUF_FLAGS_CLOEXEC = 0x01;
    public static final long PAGE_SIZE = 4096;
    /** Module parameters {@code size_limit_mb} and {@code list_limit}. */
    public static final long DEFAULT_SIZE_LIMIT_MB = 64;
    public static final int DEFAULT_LIST_LIMIT = 1024;

    /** One {@code struct udmabuf_create_item}; a null memfd is an fd that is not open. */
    public record Item(Memfd memfd, long offset, long size) {
    }

    private final Kernel kernel;
    private final UdmabufExporter exporter;
    private final long sizeLimitMb;
    private final int listLimit;
    private final boolean denyFutureWrite;

    /**
     * Default module parameters; F_SEAL_FUTURE_WRITE is denied for the 6.15+ labels (the fix,
     * "udmabuf: also check for F_SEAL_FUTURE_WRITE", landed in 6.13 and stable; the 6.2 label
     * keeps the older behaviour, pass {@code denyFutureWrite} to choose).
     */
    public Udmabuf(Kernel kernel) {
        this(kernel, DEFAULT_SIZE_LIMIT_MB, DEFAULT_LIST_LIMIT, !kernel.behaviour().cachesSgt());
    }

    public Udmabuf(Kernel kernel, long sizeLimitMb, int listLimit, boolean denyFutureWrite) {
        this.kernel = kernel;
        this.exporter = new UdmabufExporter(kernel);
        this.sizeLimitMb = sizeLimitMb;
        this.listLimit = listLimit;
        this.denyFutureWrite = denyFutureWrite;
    }

    public UdmabufExporter exporter() {
        return exporter;
    }

    private int sealsDenied() {
        return Memfd.F_SEAL_WRITE | (denyFutureWrite ? Memfd.F_SEAL_FUTURE_WRITE : 0);
    }

    /** UDMABUF_CREATE: one range of one memfd. {@code flags} (UDMABUF_FLAGS_CLOEXEC) affect only the new fd. */
    public DmaBuf create(Memfd memfd, int flags, long offset, long size) {
        try (Call c = kernel.call("UDMABUF_CREATE", ObjectIds.NONE)) {
            c.ioctl("UDMABUF_CREATE").arg("size", size)
                    .arg("seals", memfd == null ? List.of() : Memfd.sealNames(memfd.seals())).arg("offset", offset);
            if (memfd != null) {
                c.arg("memfd_size", memfd.size());
            }
            return create(c, List.of(new Item(memfd, offset, size)));
        }
    }

    /**
     * UDMABUF_CREATE_LIST: -EINVAL if {@code count} exceeds {@code list_limit}. Traced as op
     * {@code UDMABUF_CREATE} (the same {@code udmabuf_create}) with {@code ioctl} naming the list
     * form; {@code seals} are those of every item's memfd together.
     */
    public DmaBuf createList(int flags, List<Item> items) {
        try (Call c = kernel.call("UDMABUF_CREATE", ObjectIds.NONE)) {
            long total = 0;
            int seals = 0;
            for (Item i : items) {
                total += i.size();
                seals |= i.memfd() == null ? 0 : i.memfd().seals();
            }
            c.ioctl("UDMABUF_CREATE_LIST").arg("size", total).arg("seals", Memfd.sealNames(seals));
            if (items.size() > listLimit) {
                throw c.fail(Errno.EINVAL, "count " + items.size() + " > list_limit " + listLimit);
            }
            return create(c, items);
        }
    }

    private DmaBuf create(Call c, List<Item> items) {
        long pglimit = sizeLimitMb * 1024 * 1024 / PAGE_SIZE;
        long pgcnt = 0;
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (it.offset() % PAGE_SIZE != 0 || it.offset() < 0) {
                throw c.fail(Errno.EINVAL, "item " + i + ": offset " + it.offset() + " not page-aligned");
            }
            if (it.size() % PAGE_SIZE != 0 || it.size() < 0) {
                throw c.fail(Errno.EINVAL, "item " + i + ": size " + it.size() + " not page-aligned");
            }
            pgcnt += it.size() / PAGE_SIZE;
            if (pgcnt > pglimit) {
                throw c.fail(Errno.EINVAL, "more than size_limit_mb " + sizeLimitMb + " MiB");
            }
        }
        if (pgcnt == 0) {
            throw c.fail(Errno.EINVAL, "no pages");
        }
        List<UdmabufExporter.Range> ranges = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            Memfd m = it.memfd();
            if (m == null) {
                throw c.fail(Errno.EBADFD, "item " + i + ": memfd is not an open file");
            }
            // check_memfd_seals
            if (m.backing() == Memfd.Backing.OTHER) {
                throw c.fail(Errno.EBADFD, "item " + i + ": " + m.name() + " is neither shmem nor hugetlbfs");
            }
            int seals = m.seals();
            if ((seals & Memfd.F_SEAL_SHRINK) == 0) {
                throw c.fail(Errno.EINVAL, "item " + i + ": " + m.name() + " lacks F_SEAL_SHRINK");
            }
            if ((seals & sealsDenied()) != 0) {
                throw c.fail(Errno.EINVAL, "item " + i + ": " + m.name() + " has seals "
                        + Memfd.sealNames(seals & sealsDenied()));
            }
            // udmabuf_pin_folios: the range must lie inside the file
            if (it.offset() + it.size() > m.size()) {
                throw c.fail(Errno.EINVAL, "item " + i + ": range ends at " + (it.offset() + it.size())
                        + " beyond " + m.name() + " (" + m.size() + " bytes)");
            }
            ranges.add(new UdmabufExporter.Range(m, it.offset(), it.size()));
        }
        DmaBuf b = exporter.export(ranges, false);
        c.ids(ObjectIds.buf(b.id()));
        return b;
    }
}
