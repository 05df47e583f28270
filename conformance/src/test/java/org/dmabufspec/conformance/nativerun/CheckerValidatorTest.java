package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.dmabufspec.trace.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every recorded trixie trace is a behaviour of the specs (trace checker, kernel 6.2 behaviour). */
class CheckerValidatorTest {

    @Test
    void everyRecordedTrixieTraceIsAcceptedByTheChecker(@TempDir Path tmp) throws Exception {
        CheckerValidator checker = new CheckerValidator(tmp);
        int accepted = 0;
        for (Path p : Fixtures.traceFiles()) {
            for (ScenarioTrace t : NativeTraces.split(p)) {
                TraceVerdict v = checker.apply(t);
                assertTrue(KnownCheckerGaps.tolerated(v), p + ": " + v.detail());
                accepted += v.accepted() ? 1 : 0;
            }
        }
        assertTrue(accepted >= Fixtures.traceFiles().size() - KnownCheckerGaps.GAPS.size(), accepted + " accepted");
    }

    @Test
    void refusedAllocationsReachTheCheckerWithAPlaceholderBuffer() throws Exception {
        CheckerInput.Adapted a = CheckerInput.adapt(Fixtures.scenarioTrace("kselftest/dmabuf-heaps/alloc-errors"));
        assertTrue(a.leftOut().isEmpty(), a.leftOut().toString());
        assertEquals(3, a.text().split("\"buf\":\"not-created:", -1).length - 1, a.text());
        assertTrue(a.lines().get(a.lines().size() - 1).contains("\"events\":3"), a.lines().toString());
    }

    @Test
    void aFailedCallNamingNoObjectItNeedsIsLeftOutAndListed() throws Exception {
        CheckerInput.Adapted a = CheckerInput.adapt(Fixtures.scenarioTrace("igt/vgem_basic/bad-handle"));
        assertEquals(1, a.leftOut().size(), a.leftOut().toString());
        assertTrue(a.leftOut().get(0).contains("DRM_IOCTL_VGEM_FENCE_ATTACH -> ENOENT (names no buf)"), a.leftOut().toString());
    }

    @Test
    void nativeAdditionsAreReducedToWhatTheReaderKnows() throws Exception {
        CheckerInput.Adapted a = CheckerInput.adapt(Fixtures.scenarioTrace("igt/vgem_basic/busy-fence"));
        List<String> events = a.lines().subList(1, a.lines().size() - 1);
        assertFalse(a.text().contains("\"bufinfo\""));
        // a native-only argument survives only where the reader knows it for that op (e.g. drm_close's file)
        ObjectMapper json = new ObjectMapper();
        for (String e : events) {
            JsonNode r = json.readTree(e);
            Op op = Op.fromWire(r.path("op").asText());
            for (String arg : List.of("file", "out_fence", "struct_size")) {
                if (r.path("args").has(arg)) {
                    assertTrue(op.allowsArg(arg), arg + " kept on " + op + ": " + e);
                }
            }
        }
        assertTrue(a.text().contains("\"bufinfo_format\":\"5.17+ usage driver timeline seq\""));
        for (int i = 0; i < events.size(); i++) {
            assertTrue(events.get(i).contains("\"seq\":" + (i + 1) + ","), events.get(i));
        }
    }
}
