package org.dmabufspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** {@code dmabuf testgen}: the figures table, regression files and --run, injected bugs, bad input. */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class TestgenCommandTest {
    private static final String SPECS = Path.of("../specs").toAbsolutePath().normalize().toString();

    @TempDir
    Path dir;

    @Test
    void generatesWritesAndRerunsTheTestsOfStTestRmCallback() throws Exception {
        CliRun r = CliRun.withPicocliWriters("testgen", "--specs", SPECS, "DmaFence_St_test_rm_callback", "--out", dir.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        // 4 states, 4 edges, all covered by one test and executed on the reference implementation
        assertTrue(r.out().matches("(?s).*DmaFence_St_test_rm_callback\\s+dma_fence\\s+4\\s+4\\s+edges\\s+4\\s+4\\s+1\\s+4\\s+0.*"), r.out());
        Path file = dir.resolve("DmaFence_St_test_rm_callback.testgen.json");
        assertTrue(Files.isRegularFile(file));

        CliRun again = CliRun.withPicocliWriters("testgen", "--run", file.toString());
        assertEquals(0, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("DmaFence_St_test_rm_callback: 1 tests, 4 steps, 0 failures"), again.out());

        // a kept file catches a change of behaviour: here the expected result of the remove was edited
        Files.writeString(file, Files.readString(file).replaceFirst("\"expect\" : \"true\"", "\"expect\" : \"false\""));
        CliRun changed = CliRun.withPicocliWriters("testgen", "--run", file.toString());
        assertEquals(1, changed.exit(), changed.out() + changed.err());
        assertTrue(changed.out().contains("dma_fence_remove_callback returned true, the model expects false"), changed.out());
    }

    @Test
    void aPlantedBugFailsNamingStepEdgeAndRule() {
        CliRun r = CliRun.withPicocliWriters("testgen", "--specs", SPECS, "DmaFence_St_test_rm_callback", "--inject", "remove-returns-false");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("FAIL DmaFence_St_test_rm_callback#1 step 2, edge #"), r.out());
        assertTrue(r.out().contains("rule F7: dma_fence_remove_callback returned false, the model expects true"), r.out());
    }

    @Test
    void badInputExitsTwoWithOneLine() throws Exception {
        CliRun none = CliRun.withPicocliWriters("testgen", "--specs", SPECS);
        assertEquals(2, none.exit());
        assertEquals("dmabuf testgen: name MODELs or give --all (not both)", none.err().strip());

        CliRun bug = CliRun.withPicocliWriters("testgen", "--specs", SPECS, "DmaFence_St_test_status", "--inject", "no-such-bug");
        assertEquals(2, bug.exit());
        assertTrue(bug.err().startsWith("dmabuf testgen: --inject no-such-bug: the dma_fence driver has no such bug"), bug.err());

        Path file = dir.resolve("x.testgen.json");
        Files.writeString(file, "{\"format\": \"dmabuf-testgen\",\n \"version\": \"one\"}\n");
        CliRun bad = CliRun.withPicocliWriters("testgen", "--run", file.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("dmabuf testgen: " + file + ":2: version: "), bad.err());

        Files.writeString(file, "{\"format\": \"dmabuf-testgen\", \"version\": 1, \"model\": \"M\", \"vocabulary\": \"dma_fence\","
                + " \"tests\": [{\"model\": \"M\", \"vocabulary\": \"dma_fence\", \"number\": 1, \"setup\": [],"
                + " \"steps\": [{\"edge\": 0, \"from\": 1, \"action\": \"A\", \"to\": 2, \"rule\": \"F7\","
                + " \"call\": {\"op\": \"dma_fence_frobnicate\", \"args\": {}, \"expect\": \"0\"}}]}]}\n");
        CliRun unknown = CliRun.withPicocliWriters("testgen", "--run", file.toString());
        assertEquals(2, unknown.exit(), unknown.out() + unknown.err());
        assertEquals("dmabuf testgen: " + file + ": the dma_fence driver has no call dma_fence_frobnicate", unknown.err().strip());
    }

    @Test
    void aModelNoVocabularyDrivesIsListedWithTheReason() {
        CliRun r = CliRun.withPicocliWriters("testgen", "--specs", SPECS, "DmaBufLifetime_Ind_6_2");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("not driven on the reference implementation:\n  DmaBufLifetime_Ind_6_2: an inductive-invariant model"), r.out());
    }

    @Test
    void replayRefusesAModelThatIsNoBugsCode() {
        CliRun r = CliRun.withPicocliWriters("show", "--specs", SPECS, "DmaFence_SignalOutOfOrder", "--replay", "refimpl");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("dmabuf show: --replay: no reference-implementation bug is the code of DmaFence_SignalOutOfOrder"
                + " (replayable: DmaFence_CallbackListAdd,"), r.err());
    }
}
