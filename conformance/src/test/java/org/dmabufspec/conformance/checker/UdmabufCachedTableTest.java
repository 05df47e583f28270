package org.dmabufspec.conformance.checker;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.uapi.DrmFile;
import org.dmabufspec.uapi.Memfd;
import org.dmabufspec.uapi.Udmabuf;
import org.dmabufspec.uapi.Vgem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * udmabuf set cache_sgt_mapping up to 6.14: vgem's PRIME import maps BIDIRECTIONAL and the core keeps
 * that table in attach->sgt, so the unlocked unmap of GEM_CLOSE or drm_close leaves it mapped
 * (observed in the unmap's state) until the detach that follows unmaps it.
 */
class UdmabufCachedTableTest {
    @TempDir
    Path dir;

    private static DmaBuf udmabuf(org.dmabufspec.kernel.Kernel k) {
        Memfd m = Memfd.create("udmabuf-test", 4 * Udmabuf.PAGE_SIZE);
        m.addSeals(Memfd.F_SEAL_SHRINK);
        return new Udmabuf(k).create(m, Udmabuf.UDMABUF_FLAGS_CLOEXEC, 0, 4 * Udmabuf.PAGE_SIZE);
    }

    @ParameterizedTest(name = "kernel {0}")
    @ValueSource(strings = {"6.1", "6.2", "6.15", "7.1"})
    void gemCloseOfAPrimeImportedUdmabufIsAccepted(String kernel) throws Exception {
        Path p = ReferenceRun.record(dir, "udmabuf/prime-gem-close", kernel, true, k -> {
            Vgem vgem = new Vgem(k);
            DmaBuf b = udmabuf(k);
            DrmFile file = vgem.open();
            int handle = vgem.primeFdToHandle(file, b);
            vgem.gemClose(file, handle);
            b.put();
        });
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    @ParameterizedTest(name = "kernel {0}")
    @ValueSource(strings = {"6.1", "6.2", "6.15", "7.1"})
    void drmCloseOfAFileThatImportedAUdmabufIsAccepted(String kernel) throws Exception {
        Path p = ReferenceRun.record(dir, "udmabuf/prime-drm-close", kernel, true, k -> {
            Vgem vgem = new Vgem(k);
            DmaBuf b = udmabuf(k);
            DrmFile file = vgem.open();
            vgem.primeFdToHandle(file, b);
            vgem.primeFdToHandle(file, b);
            vgem.close(file);
            b.put();
        });
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }
}
