package org.dmabufspec.conformance.testgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.dmabufspec.conformance.relation.SharedTlcGraphs;
import org.dmabufspec.conformance.testgen.fence.FenceVocabulary;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated tests written as a regression file, read back and re-run without TLC. */
class TestFileTest {
    @TempDir
    Path dir;

    private ModelTests tests(String name) {
        Manifest manifest = ModelBasedTestsTest.manifest();
        Model m = manifest.model(name).orElseThrow();
        FenceVocabulary v = new FenceVocabulary();
        return ModelTests.of(m, v, SharedTlcGraphs.run(manifest.tlaDir(), m, v.constants(m)), ModelTests.DEFAULT_MAX_EDGES);
    }

    @Test
    void stTestLateRmCallbackRoundTripsAndReruns() {
        ModelTests t = tests("DmaFence_St_test_late_rm_callback");
        Path f = dir.resolve("t.testgen.json");
        TestFile.of(t.model().name(), FenceVocabulary.NAME, Set.of(), t.tests()).write(f);
        TestFile back = TestFile.read(f);
        assertEquals(t.tests(), back.tests());
        List<TestRun> runs = back.run();
        assertTrue(runs.stream().allMatch(TestRun::passed), runs.toString());
        assertEquals(t.coveredEdges(), runs.stream().flatMap(r -> r.passedEdges().stream()).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void aFileWithTheBugInjectedFailsOnRerun() {
        ModelTests t = tests("DmaFence_St_test_rm_callback");
        Path f = dir.resolve("t.testgen.json");
        TestFile.of(t.model().name(), FenceVocabulary.NAME, Set.of("remove-returns-false"), t.tests()).write(f);
        List<TestRun> runs = TestFile.read(f).run();
        assertTrue(runs.stream().anyMatch(r -> !r.passed()), runs.toString());
    }

    @Test
    void aWrongFieldIsNamedWithFileAndLine() throws Exception {
        ModelTests t = tests("DmaFence_St_test_status");
        Path f = dir.resolve("t.testgen.json");
        TestFile.of(t.model().name(), FenceVocabulary.NAME, Set.of(), t.tests()).write(f);
        String text = Files.readString(f);
        Files.writeString(f, text.replaceFirst("\"edge\" : \\d+", "\"edge\" : \"seven\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestFile.read(f));
        assertTrue(e.getMessage().startsWith(f + ":"), e.getMessage());
        assertTrue(e.getMessage().matches(".*:\\d+: tests\\[0\\]\\.steps\\[0\\]\\.edge: .*"), e.getMessage());

        Files.writeString(f, text.replace("\"version\" : 1", "\"version\" : 9"));
        e = assertThrows(IllegalArgumentException.class, () -> TestFile.read(f));
        assertEquals(f + ": version: must be 1, not 9", e.getMessage());
    }
}
