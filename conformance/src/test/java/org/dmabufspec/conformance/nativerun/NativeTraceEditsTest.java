package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dmabufspec.conformance.fuzz.TraceEditRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.api.parallel.ResourceAccessMode;

/**
 * The recorded native traces, mutated systematically ({@code dmabuf bench trace-edits},
 * docs/mutation.md): the checker must reject at least the recorded share of the well-formed
 * mutants. Traces of more than {@link #MAX_LINES} lines (alloc-zeroed's hundreds of repeated
 * allocations) are left to the bench: their mutants grow with the square of the length. Raise
 * {@link #RECORDED_RATE} when a gap is closed; never lower it to get a build through.
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class NativeTraceEditsTest {
    /** Per cent of well-formed mutants rejected, as recorded in docs/mutation.md (rounded down). */
    static final double RECORDED_RATE = 19;
    static final int MAX_LINES = 100;

    @Test
    void checkerRejectsTheRecordedShareOfEditedNativeTraces() throws Exception {
        List<Path> traces;
        try (Stream<Path> s = Files.list(Fixtures.dir().resolve("traces"))) {
            traces = s.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList();
        }
        List<Path> small = new java.util.ArrayList<>();
        for (Path t : traces) {
            if (Files.readAllLines(t).size() <= MAX_LINES) {
                small.add(t);
            }
        }
        assertTrue(small.size() >= 20, "native traces found: " + small);
        TraceEditRun run = new TraceEditRun();
        for (Path t : small) {
            run.run(t);
        }
        System.out.print(run.table());
        run.survivors().forEach(s -> System.out.println("accepted: " + s));
        assertEquals(List.of(), run.skipped(), "every recorded native trace is accepted as recorded");
        double rate = 100.0 * run.rejected() / run.judged();
        assertTrue(rate >= RECORDED_RATE, () -> "rejection rate " + rate + " % below the recorded " + RECORDED_RATE + " %\n" + run.table());
    }
}
