package org.dmabufspec.conformance.testgen.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.dmabufspec.conformance.testgen.ConformanceFailure;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.TestRun;
import org.junit.jupiter.api.Test;

/**
 * Mismatch reporting of the kernel executor without a VM: the module's step results and trace
 * for st-dma-fence test_add_callback, as the kernel writes them, then with one thing changed.
 */
class KernelComparisonTest {
    private static final String HEADER = "{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,"
            + "\"implementation\":{\"name\":\"native-kmod\",\"version\":\"0.1.0\"},\"kernel\":{\"behaviour\":\"6.2\","
            + "\"move_notify\":false,\"release\":\"6.12.117+deb13-amd64\",\"dmabuf_debug\":false,\"lockdep\":false},"
            + "\"clock\":\"monotonic_ns\",\"scenario\":\"testgen/DmaFence_St_test_add_callback#1\"}\n";
    private static final String INIT = "{\"type\":\"event\",\"seq\":1,\"thread\":\"main\",\"start\":10,\"end\":11,"
            + "\"op\":\"dma_fence_init\",\"fence\":\"f1\",\"args\":{\"context\":7,\"seqno\":1},\"result\":0}\n";
    private static final String ADD = "{\"type\":\"event\",\"seq\":2,\"thread\":\"main\",\"start\":20,\"end\":21,"
            + "\"op\":\"dma_fence_add_callback\",\"fence\":\"f1\",\"cb\":\"c1\",\"result\":0}\n";
    private static final String SIGNAL = "{\"type\":\"event\",\"seq\":3,\"thread\":\"main\",\"start\":30,\"end\":33,"
            + "\"op\":\"dma_fence_signal\",\"fence\":\"f1\",\"result\":0}\n";
    private static final String CALLBACK = "{\"type\":\"event\",\"seq\":4,\"thread\":\"main\",\"start\":31,\"end\":32,"
            + "\"op\":\"dma_fence_callback\",\"caller\":3,\"fence\":\"f1\",\"cb\":\"c1\",\"result\":0}\n";
    private static final String TRACE = HEADER + INIT + ADD + SIGNAL + CALLBACK + "{\"type\":\"end\",\"events\":4,\"status\":\"complete\"}\n";

    private static final String RESULTS = """
            R 1 1 0 e=2 f1.ran= f1.signaled=false
            R 1 2 0 e=4 f1.ran=c1 f1.signaled=true f1.status=1
            R 1 3 - e=4 f1.ran=c1
            E 1 4 ok
            """;

    private static TestRun compare(String results, String trace) {
        GeneratedTest t = KernelProgramTest.addCallbackTest();
        return KernelComparison.compare(t, KernelResults.parse(results, "results.txt").tests().get(1), trace);
    }

    @Test
    void theKernelsRunOfTestAddCallbackMatchesTheModelAndItsTraceIsAccepted() {
        TestRun r = compare(RESULTS, TRACE);
        assertTrue(r.passed(), r.failures().toString());
        assertEquals("ACCEPTED", r.verdict());
        assertEquals(Set.of(3, 4, 5), r.passedEdges());
    }

    @Test
    void aDifferentResultIsReportedNamingTheStepTheEdgeAndTheRule() {
        TestRun r = compare(RESULTS.replace("R 1 1 0 e=2", "R 1 1 ENOENT e=2"), TRACE);
        ConformanceFailure f = r.failures().get(0);
        assertEquals("DmaFence_St_test_add_callback#1 step 1, edge #3 (11 --AddCb--> 12), rule F7: dma_fence_add_callback"
                + " returned ENOENT on the kernel, the model expects 0 (dma_fence_add_callback(fence=f1, cb=c1) = 0)", f.toString());
        assertFalse(f.checker());
        assertEquals(Set.of(), r.passedEdges());
    }

    @Test
    void aDifferentObservableStateIsReportedWithExpectedAndObserved() {
        TestRun r = compare(RESULTS.replace("f1.ran=c1 f1.signaled=true", "f1.ran= f1.signaled=true"), TRACE);
        ConformanceFailure f = r.failures().get(0);
        assertEquals(2, f.step());
        assertEquals("edge #4 (12 --Signal--> 13)", f.edge());
        assertEquals("F7, F12", f.rule());
        assertEquals("after dma_fence_signal(fence=f1) = 0: {f1.ran=expected c1, observed }", f.what());
        assertEquals(Set.of(3), r.passedEdges());
    }

    @Test
    void aWaitTheModuleDidNotMakeBecauseNothingWouldWakeItIsAFailureNotAHang() {
        TestRun r = compare(RESULTS.replace("R 1 2 0 e=4", "R 1 2 sleeps e=4"), TRACE);
        assertTrue(r.failures().get(0).what().contains("would sleep with nothing to wake it"), r.failures().toString());
    }

    @Test
    void aStepTheModuleNeverReportedIsAFailure() {
        TestRun r = compare("R 1 1 0 e=2 f1.ran= f1.signaled=false\n", TRACE);
        ConformanceFailure f = r.failures().get(0);
        assertEquals(2, f.step());
        assertTrue(f.what().contains("no result for this step (the test did not finish)"), f.what());
    }

    @Test
    void aTraceTheCheckerRejectsIsReportedAtTheStepWhoseCallLoggedTheRejectedEvent() {
        // a second dma_fence_signal of f1 returning 0 (a fence signals once: -EINVAL), logged within step 3
        String again = SIGNAL.replace("\"seq\":3", "\"seq\":5").replace("\"start\":30,\"end\":33", "\"start\":40,\"end\":41");
        String bad = HEADER + INIT + ADD + SIGNAL + CALLBACK + again + "{\"type\":\"end\",\"events\":5,\"status\":\"complete\"}\n";
        TestRun r = compare(RESULTS.replace("R 1 3 - e=4", "R 1 3 - e=5").replace("E 1 4 ok", "E 1 5 ok"), bad);
        assertTrue(r.verdict().startsWith("REJECTED"), r.verdict());
        ConformanceFailure f = r.failures().get(0);
        assertTrue(f.checker(), r.failures().toString());
        assertEquals(3, f.step(), f.toString());
        assertEquals("edge #5 (13 --Run--> 14)", f.edge());
        assertTrue(f.rule().contains("F7"), f.rule());
        assertTrue(f.what().startsWith("the trace checker rejects the kernel's trace at event 5"), f.what());
        assertEquals(Set.of(3, 4), r.passedEdges());
    }

    @Test
    void noTraceIsAFailure() {
        TestRun r = compare(RESULTS, null);
        assertEquals("NO TRACE", r.verdict());
        assertTrue(r.failures().get(0).what().contains("wrote no trace"), r.failures().toString());
        assertEquals(Set.of(), r.passedEdges());
    }
}
