package org.dmabufspec.conformance.testgen.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.TestStep;
import org.junit.jupiter.api.Test;

/** The kernel program encoder and the module's result decoder, without a VM. */
class KernelProgramTest {

    static Map<String, String> args(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** st-dma-fence test_add_callback as a generated test: add c1 to f1, signal f1 (c1 runs inside), put. */
    static GeneratedTest addCallbackTest() {
        return new GeneratedTest("DmaFence_St_test_add_callback", "dma_fence", 1,
                List.of(new KernelCall("dma_fence_init", args("fence", "f1", "context", "1", "seqno", "1"), "0")),
                List.of(new TestStep(3, 11, "AddCb", 12, new KernelCall("dma_fence_add_callback", args("fence", "f1", "cb", "c1"), "0"),
                                "", "F7", args("f1.signaled", "false", "f1.ran", "")),
                        new TestStep(4, 12, "Signal", 13, new KernelCall("dma_fence_signal", args("fence", "f1"), "0"),
                                "", "F7, F12", args("f1.signaled", "true", "f1.ran", "c1", "f1.status", "1")),
                        new TestStep(5, 13, "Run", 14, null, "callback c1 runs inside the dma_fence_signal(f1) call", "F7",
                                args("f1.ran", "c1"))));
    }

    @Test
    void aGeneratedTestBecomesOneLinePerTestFenceStepAndEnd() {
        KernelProgram p = KernelProgram.of(List.of(addCallbackTest()));
        assertEquals("""
                test 1 testgen/DmaFence_St_test_add_callback#1
                init f1 1 1
                step 1 dma_fence_add_callback fence=f1 cb=c1 !0 @f1.ran= @f1.signaled=false
                step 2 dma_fence_signal fence=f1 !0 @f1.ran=c1 @f1.signaled=true @f1.status=1
                step 3 - @f1.ran=c1
                end
                """, p.text());
        assertEquals(List.of(addCallbackTest()), p.tests());
        assertTrue(p.notDrivable().isEmpty());
    }

    @Test
    void aTestWithACallTheModuleDoesNotMakeIsLeftOutWithTheReason() {
        GeneratedTest resv = new GeneratedTest("DmaResv_CpuAccess", "dma_resv", 4,
                List.of(new KernelCall("vgem_create_bo", args("resv", "r1"), "0")),
                List.of(new TestStep(1, 1, "DmaResvLock", 2, new KernelCall("dma_resv_lock", args("resv", "r1"), "0"), "", "F13",
                                Map.of("r1.locked", "true")),
                        new TestStep(2, 2, "DmaBufBeginCpuAccessDone", 3, new KernelCall("DMA_BUF_IOCTL_SYNC",
                                args("resv", "r1", "flags", "START|READ"), "0"), "", "U2", Map.of())));
        KernelProgram p = KernelProgram.of(List.of(resv, addCallbackTest()));
        assertEquals(List.of(addCallbackTest()), p.tests());
        assertTrue(p.notDrivable().get(resv).contains("DMA_BUF_IOCTL_SYNC"), p.notDrivable().toString());
        assertTrue(p.text().startsWith("test 1 testgen/DmaFence_St_test_add_callback#1\n"), p.text());
    }

    @Test
    void aReservationObjectBecomesABufferOfTheModulesExporter() {
        GeneratedTest resv = new GeneratedTest("DmaResv_LiveDriver", "dma_resv", 1,
                List.of(new KernelCall("vgem_create_bo", args("resv", "r1"), "0"),
                        new KernelCall("dma_fence_init", args("fence", "f1", "context", "1", "seqno", "1"), "0")),
                List.of(new TestStep(1, 1, "DmaResvLock", 2, new KernelCall("dma_resv_lock", args("resv", "r1"), "0"), "", "F13",
                        args("r1.locked", "true", "r1.fences", ""))));
        assertEquals("""
                test 1 testgen/DmaResv_LiveDriver#1
                buf r1
                init f1 1 1
                step 1 dma_resv_lock resv=r1 !0 @r1.fences= @r1.locked=true
                end
                """, KernelProgram.of(List.of(resv)).text());
    }

    /** DmaBufAttach on 6.2-6.14: d1 attaches dynamically, takes the lock, maps; the exporter then evicts (one move_notify). */
    static GeneratedTest attachTest(String behaviour, String moveNotify, String exporter) {
        return new GeneratedTest("DmaBufAttach_" + behaviour.replace('.', '_'), "dma_buf_attach", 1,
                List.of(new KernelCall("kernel", args("behaviour", behaviour, "move_notify", moveNotify), "0"),
                        new KernelCall("dma_buf_export", args("buf", "b1", "exporter", exporter, "placement", "r1", "other", "r2"), "0"),
                        new KernelCall("importer", args("proc", "d1", "buf", "b1", "dynamic", "true", "usage", "write"), "0"),
                        new KernelCall("exporter", args("proc", "exporter"), "0")),
                List.of(new TestStep(1, 1, "DmaBufAttachListAdd", 2, new KernelCall("dma_buf_dynamic_attach", args("proc", "d1"), "0"),
                                "", "R1", args("d1.attached", "true", "b1.pins", "0")),
                        new TestStep(2, 2, "DmaResvLock", 3, new KernelCall("dma_resv_lock", args("proc", "d1"), "0"), "", "R3",
                                args("b1.locked", "true")),
                        new TestStep(3, 3, "DmaBufMapAttachment", 4, new KernelCall("dma_buf_map_attachment",
                                args("proc", "d1", "dir", "BIDIRECTIONAL"), "0"), "", "R3", args("d1.valid", "true")),
                        new TestStep(4, 4, "DmaBufEvict", 5, new KernelCall("evict", args("proc", "exporter", "buf", "b1", "notify", "true"),
                                "called"), "", "R7", Map.of())));
    }

    @Test
    void anAttachTestNamesItsKernelBufferImportersAndExporterThread() {
        KernelProgram p = KernelProgram.of(List.of(attachTest("6.2", "false", "vram")), new KernelFacts("6.12.117+deb13-amd64", "6.2", false));
        assertEquals("""
                test 1 testgen/DmaBufAttach_6_2#1
                kernel 6.2 false
                export b1 vram r1 r2
                importer d1 b1 true write
                exporter exporter
                step 1 dma_buf_dynamic_attach proc=d1 !0 @b1.pins=0 @d1.attached=true
                step 2 dma_resv_lock proc=d1 !0 @b1.locked=true
                step 3 dma_buf_map_attachment proc=d1 dir=BIDIRECTIONAL !0 @d1.valid=true
                step 4 evict proc=exporter buf=b1 notify=true !called
                end
                """, p.text());
        assertTrue(p.notDrivable().isEmpty(), p.notDrivable().toString());
    }

    @Test
    void anAttachTestOfAnotherKernelBehaviourIsLeftOutNamingBoth() {
        KernelFacts debian = new KernelFacts("6.12.117+deb13-amd64", "6.2", false);
        GeneratedTest v615 = attachTest("6.15", "true", "vram");
        GeneratedTest moveNotify = attachTest("6.2", "true", "vram");
        GeneratedTest staticExporter = attachTest("6.2", "true", "udmabuf");
        KernelProgram p = KernelProgram.of(List.of(v615, moveNotify, staticExporter), debian);
        assertEquals("the VM's kernel 6.12.117+deb13-amd64 has behaviour 6.2 with CONFIG_DMABUF_MOVE_NOTIFY=n; the model is 6.15"
                + " with MOVE_NOTIFY=y", p.notDrivable().get(v615));
        assertTrue(p.notDrivable().get(moveNotify).endsWith("the model is 6.2 with MOVE_NOTIFY=y"), p.notDrivable().toString());
        // MOVE_NOTIFY changes only what the core does for a dynamic exporter: the udmabuf test runs
        assertEquals(List.of(staticExporter), p.tests());
    }

    @Test
    void aPeerToPeerAttachTestIsLeftOutOnAnyKernel() {
        GeneratedTest t = attachTest("6.2", "false", "vram");
        List<KernelCall> setup = new java.util.ArrayList<>(t.setup());
        setup.set(1, new KernelCall("dma_buf_export", args("buf", "b1", "exporter", "vram", "placement", "r1", "other", "r2",
                "peer_only", "r2"), "0"));
        GeneratedTest p2p = new GeneratedTest(t.model(), t.vocabulary(), 1, setup, t.steps());
        KernelProgram p = KernelProgram.of(List.of(p2p), new KernelFacts("6.12.117+deb13-amd64", "6.2", false));
        assertTrue(p.tests().isEmpty());
        assertTrue(p.notDrivable().get(p2p).startsWith("peer-to-peer placements"), p.notDrivable().toString());
    }

    @Test
    void theKernelFactsComeFromTheRunnersLinesAndTheReleaseGivesTheBehaviourLabel() {
        assertEquals(new KernelFacts("6.12.117+deb13-amd64", "6.2", false),
                KernelFacts.parse("abi=6.12.117+deb13-amd64\nmove_notify=n\n"));
        assertEquals("6.1", KernelFacts.behaviourOf("6.1.0-30-amd64"));
        assertEquals("6.2", KernelFacts.behaviourOf("6.14.2"));
        assertEquals("6.15", KernelFacts.behaviourOf("6.15.0"));
        assertEquals("6.15", KernelFacts.behaviourOf("7.0.1"));
        assertEquals("7.1", KernelFacts.behaviourOf("7.1.0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelFacts.parse("abi=6.12\n"));
        assertTrue(e.getMessage().contains("no abi= and move_notify="), e.getMessage());
    }

    @Test
    void aTokenWithASpaceIsRefusedRatherThanSplitInTheModule() {
        GeneratedTest bad = new GeneratedTest("M", "dma_fence", 1,
                List.of(new KernelCall("dma_fence_init", args("fence", "f 1", "context", "1", "seqno", "1"), "0")), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelProgram.of(List.of(bad)));
        assertTrue(e.getMessage().contains("'f 1'"), e.getMessage());
    }

    @Test
    void resultLinesDecodeToStepsStopsAndEnds() {
        KernelResults r = KernelResults.parse("""
                R 1 1 0 e=3 f1.ran= f1.signaled=false
                R 1 2 0 e=5 f1.ran=c1 f1.signaled=true f1.status=1
                E 1 5 ok
                R 2 1 sleeps e=1
                X 2 1
                E 2 1 overflow
                """, "results.txt");
        KernelResults.StepResult s = r.tests().get(1).steps().get(2);
        assertEquals("0", s.result());
        assertEquals(5, s.lastSeq());
        assertEquals(Map.of("f1.ran", "c1", "f1.signaled", "true", "f1.status", "1"), s.observed());
        assertEquals("", r.tests().get(1).steps().get(1).observed().get("f1.ran"));
        assertEquals(0, r.tests().get(1).stoppedAt());
        assertEquals(1, r.tests().get(2).stoppedAt());
        assertTrue(r.tests().get(2).overflow());
        assertEquals(5, r.tests().get(1).events());
    }

    @Test
    void aMalformedResultLineNamesTheFileAndLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelResults.parse("R 1 1 0 e=3\nR 1 x 0 e=4\n", "out/results.txt"));
        assertEquals("out/results.txt:2: step: 'x' is not a number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KernelResults.parse("Q 1\n", "r"));
        assertEquals("r:1: unknown line kind 'Q' (R, X or E)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KernelResults.parse("R 1 1 0 e=3 f1.ran\n", "r"));
        assertEquals("r:1: observation 'f1.ran' is not KEY=VALUE", e.getMessage());
    }
}
