package org.dmabufspec.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dmabufspec.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** {@code dmabuf report --traces} alone: no model runs, a native kmod run's stream split per scenario. */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class ReportTracesTest {
    private static final Path KMOD = Path.of("src/test/resources/native/kmod/trace.ndjson");

    @TempDir
    Path tmp;

    @Test
    void kmodStreamOfTwentySevenScenariosGivesOnePagePerScenarioAndTheElevenMisuseRunsAreRejectedAsExpected() throws Exception {
        Path out = tmp.resolve("site");
        CliRun r = CliRun.withPicocliWriters("report", "--specs", "../specs", "--traces", KMOD.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("0 model(s), 0 not as expected; 27 trace(s), 0 not as expected"), r.out());
        List<String> pages;
        try (Stream<Path> s = Files.list(out.resolve("traces"))) {
            pages = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(27, pages.size(), pages.toString());
        assertTrue(Files.notExists(out.resolve("models")) || Files.list(out.resolve("models")).findAny().isEmpty());
        String misuse = Files.readString(out.resolve("traces/kmod__misuse__R3-map-without-lock.html"));
        assertTrue(misuse.contains("<svg"), "a rejection is drawn");
        assertTrue(misuse.contains("class=\"step hl\""), "the divergent event is marked");
        assertTrue(misuse.contains("href=\"../rules.html#r3\""), "the broken rule links to the catalogue");
        String accepted = Files.readString(out.resolve("traces/kmod__R4-move-notify-race.html"));
        assertTrue(!accepted.contains("<svg"), "an accepted trace has no divergence to draw");
        assertTrue(Files.readString(out.resolve("rules.html")).contains("id=\"r3\""));
    }
}
