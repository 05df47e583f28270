package org.dmabufspec.buf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufspec.exporter.SystemHeap;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.lockdep.Misuse;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;

/**
 * The file/dentry split (DmaBufLifetime.tla's ProcFdLink, DmaBufDname, DmaBufFileRelease): a
 * /proc/&lt;pid&gt;/fd reader holds the dentry, not the file, and dma_buf_release is the dentry's
 * d_release, so the buffer outlives its file until the reader's path_put (B1's fix).
 */
class ProcReaderTest {
    private static Kernel kernel(boolean b1) {
        Kernel k = new Kernel(KernelBehaviour.parse("6.15", true), Tracer.DISABLED, Mode.RECORD);
        if (b1) {
            k.inject(DmaBuf.RELEASE_AT_FILE_RELEASE);
        }
        return k;
    }

    private static List<String> b1(Kernel k) {
        return k.lockdep().recorded().stream().filter(m -> m.rule().equals("B1")).map(Misuse::message).toList();
    }

    @Test
    void aProcReaderHoldingThePathKeepsTheBufferAfterTheLastFputUntilItsPathPut() {
        Kernel k = kernel(false);
        DmaBuf buf = new SystemHeap(k).allocate(4096);
        buf.procFdLink();
        assertEquals(1, buf.refcount(), "fget and fput: the reader holds no file reference");
        assertEquals(1, buf.pathRefs());
        buf.put(); // close(fd)
        assertTrue(buf.fileReleased());
        assertFalse(buf.released(), "the path keeps the dentry, and the dentry the buffer");
        assertThrows(KernelError.class, buf::get, "no dma_buf_get of a released file");
        assertEquals("0", buf.dnameAndPathPut(), "dmabuffs_dname reads a live buffer");
        assertTrue(buf.released(), "the last path_put released it");
        assertEquals(List.of(), b1(k));
    }

    @Test
    void withoutAReaderTheLastFputReleasesTheBuffer() {
        Kernel k = kernel(false);
        DmaBuf buf = new SystemHeap(k).allocate(4096);
        buf.procFdLink();
        assertEquals("0", buf.dnameAndPathPut());
        assertFalse(buf.released(), "the file still holds the dentry");
        buf.put();
        assertTrue(buf.released());
    }

    /** B1 (before 4ab59c3c638c): the release at the file's release frees the buffer under the reader's path. */
    @Test
    void injectedB1ReleaseAtFileReleaseIsAUseAfterFreeInDmabuffsDname() {
        Kernel k = kernel(true);
        DmaBuf buf = new SystemHeap(k).allocate(4096);
        buf.procFdLink();
        buf.put();
        assertTrue(buf.released(), "released with the reader's path held");
        assertEquals("use after free", buf.dnameAndPathPut());
        assertEquals(List.of(buf.id() + " read by dmabuffs_dname after dma_buf_release"), b1(k));
    }
}
