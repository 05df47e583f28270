package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KtapParserTest {

    @Test
    void recordedTrixieConsoleHasTwentyOnePassingScenarios() throws Exception {
        KtapReport r = KtapParser.parse(Fixtures.console());
        assertEquals(21, r.planned());
        assertEquals(21, r.results().size());
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        assertEquals("kselftest/dmabuf-heaps/alloc-and-import", r.results().get(0).name());
        assertEquals("vgem/fence-timeout", r.results().get(20).name());
    }

    @Test
    void kernelMessagesInterleavedOnTheConsoleAreIgnored() throws Exception {
        String console = "[    0.5] random: crng init done\r\nTAP version 13\r\n1..2\r\n[    1.2] vgem: loaded\r\n"
                + "ok 1 a/b\r\n# a comment\r\nok 2 c/d\r\ndmabuf-native: exit status 0\r\n";
        KtapReport r = KtapParser.parse(console);
        assertEquals(2, r.results().size());
        assertTrue(r.lines().contains("# a comment"));
        assertFalse(r.lines().stream().anyMatch(l -> l.contains("vgem: loaded")));
    }

    @Test
    void aFailedScenarioAndASkippedOneAreBothProblems() throws Exception {
        KtapReport r = KtapParser.parse("TAP version 13\n1..3\nnot ok 1 x\nok 2 y # SKIP no vgem device\nok 3 z\n");
        assertFalse(r.results().get(0).ok());
        assertTrue(r.results().get(1).skipped());
        assertEquals("no vgem device", r.results().get(1).skipReason());
        assertEquals(2, r.problems().size());
    }

    @Test
    void aHarnessThatStoppedEarlyMissesPlannedResults() throws Exception {
        KtapReport r = KtapParser.parse("TAP version 13\n1..5\nok 1 x\n");
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).contains("1..5"));
    }

    @Test
    void aConsoleWithoutKtapIsRefusedNamingTheProblem() {
        KtapFormatException e = assertThrows(KtapFormatException.class,
                () -> KtapParser.parse("Kernel panic - not syncing: VFS: Unable to mount root fs\n"));
        assertTrue(e.getMessage().contains("no 'TAP version' line"), e.getMessage());
    }

    @Test
    void resultsOutOfOrderAreRefusedWithTheirLine() {
        KtapFormatException e = assertThrows(KtapFormatException.class,
                () -> KtapParser.parse("TAP version 13\n1..2\nok 2 y\n"));
        assertTrue(e.getMessage().startsWith("console line 3"), e.getMessage());
    }
}
