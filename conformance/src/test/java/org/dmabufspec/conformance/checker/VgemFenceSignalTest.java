package org.dmabufspec.conformance.checker;

import org.dmabufspec.uapi.Vgem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DRM_IOCTL_VGEM_FENCE_SIGNAL signals through a nested dma_fence_signal (vgem_fence_signal_ioctl):
 * the nested event carries the signal, so the ioctl must not count as a second one.
 */
class VgemFenceSignalTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "kernel {0}")
    @ValueSource(strings = {"6.1", "6.2", "6.15", "7.1"})
    void fenceSignalIoctlWithItsNestedDmaFenceSignalIsOneSignal(String kernel) throws Exception {
        Path p = ReferenceRun.record(dir, "vgem/fence-signal", kernel, true, k -> {
            Vgem vgem = new Vgem(k);
            int bo = vgem.createBo(4096);
            int f = vgem.fenceAttach(bo, Vgem.VGEM_FENCE_WRITE, 0);
            vgem.fenceSignal(f, 0);
        });
        assertTrue(Files.readString(p).contains("\"op\":\"dma_fence_signal\",\"caller\""), "the signal is not nested in the ioctl:\n" + Files.readString(p));
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }
}
