package org.dmabufspec.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.exporter.UdmabufExporter;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;

/**
 * tools/testing/selftests/drivers/dma-buf/udmabuf.c and the udmabuf sealing fixes B20/B21
 * (drivers/dma-buf/udmabuf.c): the memfd must be shmem with F_SEAL_SHRINK and without F_SEAL_WRITE
 * (and, fixed, F_SEAL_FUTURE_WRITE); ranges page-aligned, within size_limit_mb and list_limit.
 */
class UdmabufSealingTest {
    private static final long PAGE = Udmabuf.PAGE_SIZE;

    private static Kernel kernel(String label) {
        return new Kernel(KernelBehaviour.parse(label, true), Tracer.DISABLED, Mode.STRICT);
    }

    private static Errno errno(Runnable r) {
        return assertThrows(KernelError.class, r::run).errno();
    }

    private static Memfd sealed(long size, int seals) {
        Memfd m = Memfd.create("udmabuf-test", size);
        m.addSeals(seals);
        return m;
    }

    @Test
    void test1_sizeNotPageAligned_isEinval() {
        Udmabuf dev = new Udmabuf(kernel("6.15"));
        Memfd m = sealed(64 * PAGE, Memfd.F_SEAL_SHRINK);
        assertEquals(Errno.EINVAL, errno(() -> dev.create(m, 0, 0, PAGE - 1)));
        assertEquals(Errno.EINVAL, errno(() -> dev.create(m, 0, 1, PAGE)), "offset not page-aligned");
    }

    @Test
    void test2_notAMemfd_isEbadfd() {
        Udmabuf dev = new Udmabuf(kernel("6.15"));
        Memfd ext4 = Memfd.otherFile("/tmp/file", 64 * PAGE, Memfd.Backing.OTHER);
        assertEquals(Errno.EBADFD, errno(() -> dev.create(ext4, 0, 0, PAGE)));
        assertEquals(Errno.EBADFD, errno(() -> dev.create(null, 0, 0, PAGE)), "fd not open");
    }

    @Test
    void test3_withoutSealShrink_isEinval() {
        Udmabuf dev = new Udmabuf(kernel("6.15"));
        assertEquals(Errno.EINVAL, errno(() -> dev.create(Memfd.create("unsealed", 64 * PAGE), 0, 0, PAGE)));
        assertEquals(Errno.EINVAL, errno(() -> dev.create(sealed(64 * PAGE, Memfd.F_SEAL_GROW), 0, 0, PAGE)));
    }

    @Test
    void test3_sealWrite_isEinval() {
        Udmabuf dev = new Udmabuf(kernel("6.1"));
        Memfd m = sealed(64 * PAGE, Memfd.F_SEAL_SHRINK | Memfd.F_SEAL_WRITE);
        assertEquals(Errno.EINVAL, errno(() -> dev.create(m, 0, 0, PAGE)));
    }

    @Test
    void b21_sealFutureWrite_acceptedBeforeTheFix_rejectedAfter() {
        Memfd m = sealed(64 * PAGE, Memfd.F_SEAL_SHRINK | Memfd.F_SEAL_FUTURE_WRITE);
        DmaBuf old = new Udmabuf(kernel("6.2")).create(m, 0, 0, PAGE);
        assertEquals(PAGE, old.size(), "before 0a16e24e34f2 a FUTURE_WRITE-sealed memfd was accepted");
        assertEquals(Errno.EINVAL, errno(() -> new Udmabuf(kernel("6.15")).create(m, 0, 0, PAGE)));
        Kernel patched62 = kernel("6.2");
        assertEquals(Errno.EINVAL, errno(() -> new Udmabuf(patched62, 64, 1024, true).create(m, 0, 0, PAGE)),
                "a 6.2-6.14 kernel with the stable backport");
    }

    @Test
    void test4_basic_pagesAreSharedWithTheMemfd() {
        Udmabuf dev = new Udmabuf(kernel("6.15"));
        Memfd m = sealed(64 * PAGE, Memfd.F_SEAL_SHRINK);
        DmaBuf b = dev.create(m, Udmabuf.UDMABUF_FLAGS_CLOEXEC, 2 * PAGE, 4 * PAGE);
        assertEquals(4 * PAGE, b.size());
        UdmabufExporter.Udmabuf u = UdmabufExporter.udmabuf(b);
        m.pages()[(int) (2 * PAGE + 5)] = 42;
        assertEquals(42, u.read(5), "a write to the memfd is seen through the udmabuf, no copy");
        u.write(PAGE, (byte) 7);
        assertEquals(7, m.pages()[(int) (3 * PAGE)]);
        assertThrows(IndexOutOfBoundsException.class, () -> u.read(4 * PAGE));
        b.put();
    }

    @Test
    void rangePastTheEndOfTheMemfd_isEinval() {
        Udmabuf dev = new Udmabuf(kernel("6.15"));
        Memfd m = sealed(4 * PAGE, Memfd.F_SEAL_SHRINK);
        assertEquals(Errno.EINVAL, errno(() -> dev.create(m, 0, 2 * PAGE, 4 * PAGE)));
        assertEquals(Errno.EINVAL, errno(() -> dev.create(m, 0, 0, 0)), "no pages");
    }

    @Test
    void sizeLimitMb_isEnforcedOverTheWholeList() {
        Udmabuf dev = new Udmabuf(kernel("6.15"), 1, 1024, true);
        Memfd m = sealed(1024 * 1024, Memfd.F_SEAL_SHRINK);
        dev.create(m, 0, 0, 1024 * 1024).put();
        List<Udmabuf.Item> twoMiB = List.of(new Udmabuf.Item(m, 0, 1024 * 1024), new Udmabuf.Item(m, 0, PAGE));
        assertEquals(Errno.EINVAL, errno(() -> dev.createList(0, twoMiB)));
    }

    @Test
    void createList_countAboveListLimit_isEinval_andRangesConcatenate() {
        Udmabuf dev = new Udmabuf(kernel("6.15"), 64, 2, true);
        Memfd a = sealed(4 * PAGE, Memfd.F_SEAL_SHRINK);
        Memfd b = sealed(4 * PAGE, Memfd.F_SEAL_SHRINK | Memfd.F_SEAL_SEAL);
        List<Udmabuf.Item> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            three.add(new Udmabuf.Item(a, 0, PAGE));
        }
        assertEquals(Errno.EINVAL, errno(() -> dev.createList(0, three)));
        DmaBuf buf = dev.createList(0, List.of(new Udmabuf.Item(a, PAGE, PAGE), new Udmabuf.Item(b, 0, 2 * PAGE)));
        assertEquals(3 * PAGE, buf.size());
        b.pages()[1] = 9;
        assertEquals(9, UdmabufExporter.udmabuf(buf).read(PAGE + 1), "second item starts after the first");
        // one bad item fails the whole list
        Memfd unsealed = Memfd.create("unsealed", PAGE);
        assertEquals(Errno.EINVAL, errno(() -> dev.createList(0,
                List.of(new Udmabuf.Item(a, 0, PAGE), new Udmabuf.Item(unsealed, 0, PAGE)))));
    }

    @Test
    void sealSeal_forbidsAddingSeals() {
        Memfd m = sealed(PAGE, Memfd.F_SEAL_SHRINK | Memfd.F_SEAL_SEAL);
        assertEquals(Errno.EPERM, errno(() -> m.addSeals(Memfd.F_SEAL_WRITE)));
    }

    @Test
    void cacheSgtMapping_upTo6_14_newTableEveryMapFrom6_15() {
        for (String label : new String[] {"6.2", "6.15"}) {
            Kernel k = kernel(label);
            DmaBuf b = new Udmabuf(k).create(sealed(4 * PAGE, Memfd.F_SEAL_SHRINK), 0, 0, 4 * PAGE);
            DmaBufAttachment a = b.attach("importer0");
            SgTable first = b.mapAttachmentUnlocked(a, DmaDataDirection.BIDIRECTIONAL);
            SgTable second = b.mapAttachmentUnlocked(a, DmaDataDirection.BIDIRECTIONAL);
            if (label.equals("6.2")) {
                assertSame(first, second, "6.2: cache_sgt_mapping returns the cached table");
            } else {
                assertFalse(first.id().equals(second.id()), "6.15: a new table per map");
                b.unmapAttachmentUnlocked(a, second, DmaDataDirection.BIDIRECTIONAL);
            }
            b.unmapAttachmentUnlocked(a, first, DmaDataDirection.BIDIRECTIONAL);
            b.detach(a);
            b.put();
            assertTrue(b.released());
        }
    }

    @Test
    void mmap_udmabuf_requiresASharedMapping() {
        Kernel k = kernel("6.15");
        DmaBuf b = new Udmabuf(k).create(sealed(4 * PAGE, Memfd.F_SEAL_SHRINK), 0, 0, 4 * PAGE);
        DmaBufIoctl io = new DmaBufIoctl(k);
        assertEquals(Errno.EINVAL, errno(() -> io.mmap(b, 0, PAGE, false)), "MAP_PRIVATE");
        DmaBufMmap m = io.mmap(b, 0, 4 * PAGE, true);
        b.put();
        assertFalse(b.released(), "the mapping holds the file");
        io.munmap(m);
        assertTrue(b.released());
    }
}
