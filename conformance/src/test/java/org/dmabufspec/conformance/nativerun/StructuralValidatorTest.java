package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructuralValidatorTest {

    @Test
    void everyRecordedTrixieTraceIsWellFormed() throws Exception {
        for (Path p : Fixtures.traceFiles()) {
            for (ScenarioTrace t : NativeTraces.split(p)) {
                TraceVerdict v = StructuralValidator.validate(t);
                assertTrue(v.accepted(), p + ": " + v.detail());
            }
        }
    }

    @Test
    void aLostSerialLineIsCaughtByTheEndRecordCount() {
        ScenarioTrace t = Fixtures.scenarioTrace("igt/vgem_basic/busy-fence");
        List<String> lines = new ArrayList<>(t.lines());
        lines.remove(lines.size() - 2);
        TraceVerdict v = StructuralValidator.validate(new ScenarioTrace(t.scenario(), 1, lines));
        assertFalse(v.accepted());
        assertTrue(v.detail().contains("lost lines"), v.detail());
    }

    @Test
    void aLostLineInTheMiddleBreaksTheSeqChain() {
        ScenarioTrace t = Fixtures.scenarioTrace("igt/vgem_basic/busy-fence");
        List<String> lines = new ArrayList<>(t.lines());
        lines.remove(3);
        TraceVerdict v = StructuralValidator.validate(new ScenarioTrace(t.scenario(), 1, lines));
        assertFalse(v.accepted());
        assertTrue(v.detail().contains("line 4 field seq"), v.detail());
    }

    @Test
    void aVmKilledMidRunLeavesATraceWithoutEndRecord() {
        ScenarioTrace t = Fixtures.scenarioTrace("vgem/fence-timeout");
        List<String> lines = new ArrayList<>(t.lines().subList(0, t.lines().size() - 1));
        TraceVerdict v = StructuralValidator.validate(new ScenarioTrace(t.scenario(), 1, lines));
        assertFalse(v.accepted());
        assertTrue(v.detail().contains("cut short"), v.detail());
    }

    @Test
    void aHalfWrittenLineIsNotJson() {
        ScenarioTrace t = Fixtures.scenarioTrace("igt/vgem_basic/bad-fence");
        List<String> lines = new ArrayList<>(t.lines());
        lines.set(2, lines.get(2).substring(0, 40));
        TraceVerdict v = StructuralValidator.validate(new ScenarioTrace(t.scenario(), 1, lines));
        assertFalse(v.accepted());
        assertTrue(v.detail().contains("not JSON"), v.detail());
    }

    @Test
    void aSnapshotOfAnotherBufferIsRefused() {
        ScenarioTrace t = Fixtures.scenarioTrace("kselftest/dmabuf-heaps/alloc-and-import");
        List<String> lines = new ArrayList<>(t.lines());
        int i = 1;
        while (!lines.get(i).contains("\"bufinfo\"")) {
            i++;
        }
        lines.set(i, lines.get(i).replaceFirst("\"buf\":\"ino:(\\d+)\"", "\"buf\":\"ino:999999\""));
        TraceVerdict v = StructuralValidator.validate(new ScenarioTrace(t.scenario(), 1, lines));
        assertFalse(v.accepted());
        assertTrue(v.detail().contains("state.bufinfo"), v.detail());
    }

    @Test
    void anAbortedRunIsRejectedWithItsReason() {
        ScenarioTrace t = Fixtures.scenarioTrace("igt/vgem_basic/bad-pad");
        List<String> lines = new ArrayList<>(t.lines());
        int last = lines.size() - 1;
        lines.set(last, lines.get(last).replace("\"status\":\"complete\"", "\"status\":\"aborted\",\"reason\":\"SIGSEGV\""));
        TraceVerdict v = StructuralValidator.validate(new ScenarioTrace(t.scenario(), 1, lines));
        assertFalse(v.accepted());
        assertTrue(v.detail().contains("SIGSEGV"), v.detail());
    }
}
