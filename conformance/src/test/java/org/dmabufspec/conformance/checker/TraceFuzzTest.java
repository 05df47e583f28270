package org.dmabufspec.conformance.checker;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Jazzer fuzz target: the fuzzer's input is a trace file, byte for byte, checked as
 * {@code dmabuf validate} checks it (lazy pass, then the full search). Its seeds
 * (src/test/resources/.../TraceFuzzTestInputs/checkerNeverThrows) are cut from real traces:
 * reference-implementation runs of each kernel behaviour and corpus fixtures. In the default test
 * run it replays them and every input a fuzzing run saved there; {@code ./mvnw -B -pl conformance
 * -am test -Pfuzz} fuzzes (docs/reliability.md). A finding is an exception thrown out of the
 * checker, a bad-input message that is not one line naming the line and the field or record, or
 * an input checked for longer than the per-input bound (-Dfuzz.timeout, seconds).
 */
@Isolated
class TraceFuzzTest {
    private static Path file;

    // Overwritten for every input: a file of its own per input would leave the fuzzer measuring the file system.
    private static synchronized Path file() throws IOException {
        if (file == null) {
            file = Files.createTempFile("trace-fuzz", ".ndjson");
            file.toFile().deleteOnExit();
        }
        return file;
    }

    // maxDuration bounds a fuzzing run started without -Pfuzz; the profile sets runs, time and per-input bound.
    @FuzzTest(maxDuration = "10m")
    void checkerNeverThrows(byte[] trace) throws IOException {
        Path p = file();
        Files.write(p, trace);
        CheckReport r = TraceChecker.check(p);
        assertNotNull(r.verdict());
        if (r.verdict() == Verdict.BAD_INPUT) {
            String m = r.problem();
            assertFalse(m.contains("\n"), m);
            if (!m.contains("checker bound exceeded") && !m.equals(TraceChecker.OUT_OF_MEMORY)
                    && !m.equals("stack overflow while checking")) {
                String name = p.toString();
                assertTrue(m.startsWith(name + ":"), m);
                assertTrue(m.substring(name.length()).matches(":[1-9]\\d*: (field '([^'\\\\]|\\\\.)*'|record): .+"), m);
            }
        }
    }
}
