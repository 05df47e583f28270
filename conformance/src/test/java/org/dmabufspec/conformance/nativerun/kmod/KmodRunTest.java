package org.dmabufspec.conformance.nativerun.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmabufspec.conformance.nativerun.NativeRunException;
import org.dmabufspec.conformance.nativerun.VmRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmodRunTest {

    @Test
    void earlyBootPanicUnderTcgIsRecognisedForOneMoreBoot(@TempDir Path tmp) throws Exception {
        Path c = tmp.resolve("console.log");
        Files.writeString(c, "[    2.186008] Oops: int3: 0000 [#1] PREEMPT SMP NOPTI\n[    2.188703] Kernel panic - not syncing: Fatal exception in interrupt\n");
        assertTrue(VmRunner.panickedBeforeInit(c));
    }

    @Test
    void panicAfterTheModuleStartedIsNotRetried(@TempDir Path tmp) throws Exception {
        Path c = tmp.resolve("console.log");
        Files.writeString(c, "KTAP version 1\n1..13\nok 1 kmod/R9-static-importer-dynamic-exporter\nKernel panic - not syncing\n");
        assertFalse(VmRunner.panickedBeforeInit(c));
        assertFalse(VmRunner.panickedBeforeInit(tmp.resolve("missing.log")));
    }

    @Test
    void consoleWithoutExitStatusIsAnUnusableRun() {
        assertThrows(NativeRunException.class, () -> VmRunner.exitStatus("KTAP version 1\n1..1\n"));
    }

    @Test
    void scenarioThatDidNotRunIsAProblem(@TempDir Path tmp) throws Exception {
        KmodReport r = KmodRun.judge(KmodFixtures.console(), KmodFixtures.traces(), List.of("kmod/no-such-scenario"), tmp);
        assertFalse(r.passed());
        assertEquals(List.of("scenario kmod/no-such-scenario did not run (unknown name?)"), r.problems());
    }

    @Test
    void missingTraceForAKtapResultIsAProblem(@TempDir Path tmp) throws Exception {
        KmodReport r = KmodRun.judge(KmodFixtures.console(), KmodFixtures.traces().subList(1, KmodFixtures.SCENARIOS), List.of(), tmp);
        assertEquals(List.of("no trace for scenario kmod/R9-static-importer-dynamic-exporter"), r.problems());
    }
}
