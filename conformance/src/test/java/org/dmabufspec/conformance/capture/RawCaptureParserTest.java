package org.dmabufspec.conformance.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed raw captures: one clear error naming the file, the line and the field. */
class RawCaptureParserTest {
    @TempDir
    Path tmp;

    /** The recorded module capture with line {@code n} (1-based) replaced; null removes it. */
    private Path edited(int n, String replacement) throws Exception {
        List<String> lines = CaptureFixtures.lines(CaptureFixtures.DIR.resolve("kmod.raw"));
        if (replacement == null) {
            lines.remove(n - 1);
        } else {
            lines.set(n - 1, replacement);
        }
        Path f = tmp.resolve("edited.raw");
        Files.write(f, lines, StandardCharsets.UTF_8);
        return f;
    }

    private static int lineOf(String prefix) throws Exception {
        List<String> lines = CaptureFixtures.lines(CaptureFixtures.DIR.resolve("kmod.raw"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError(prefix + " not in the fixture");
    }

    private CaptureFormatException fails(Path f) {
        return assertThrows(CaptureFormatException.class, () -> CaptureConverter.convert(RawCaptureParser.parse(f), null));
    }

    @Test
    void aLineThatIsNoFtraceLineIsNamedWithItsNumber() throws Exception {
        int n = lineOf("dma_buf_export: ");
        CaptureFormatException e = fails(edited(n, "garbage in the middle"));
        assertEquals(n, e.line());
        assertTrue(e.getMessage().startsWith(tmp.resolve("edited.raw") + ":" + n + ": field 'line': not an ftrace line"), e.getMessage());
    }

    @Test
    void anEventThatIsNotOneOfTheCapturesProbesIsRefused() throws Exception {
        int n = lineOf("dma_buf_export: ");
        String l = CaptureFixtures.lines(CaptureFixtures.DIR.resolve("kmod.raw")).get(n - 1).replace("dma_buf_export: ", "sched_switch: ");
        CaptureFormatException e = fails(edited(n, l));
        assertEquals("event", e.field());
        assertTrue(e.getMessage().contains("'sched_switch' is not one of the capture's probes"), e.getMessage());
    }

    @Test
    void aCaptureWithoutItsEndLineWasCutShort() throws Exception {
        int n = lineOf("# dmabuf-capture: end ");
        CaptureFormatException e = fails(edited(n, null));
        assertEquals("end", e.field());
        assertTrue(e.getMessage().contains("no end line"), e.getMessage());
    }

    @Test
    void lostEventsAreRefusedNotJudged() throws Exception {
        int n = lineOf("# dmabuf-capture: end ");
        CaptureFormatException e = fails(edited(n, "# dmabuf-capture: end lost=17 missed=none"));
        assertEquals(n, e.line());
        assertEquals("lost", e.field());
        assertTrue(e.getMessage().contains("17 events were lost"), e.getMessage());
    }

    @Test
    void missedReturnsAreRefused() throws Exception {
        int n = lineOf("# dmabuf-capture: end ");
        CaptureFormatException e = fails(edited(n, "# dmabuf-capture: end lost=0 missed=ww_mutex_lock__r:3,"));
        assertEquals("missed", e.field());
        assertTrue(e.getMessage().contains("ww_mutex_lock__r=3"), e.getMessage());
    }

    @Test
    void anArgumentTheKernelCouldNotReadIsNamed() throws Exception {
        // the entry of a map the module itself made (its return goes back to t_map)
        List<String> all = CaptureFixtures.lines(CaptureFixtures.DIR.resolve("kmod.raw"));
        int n = lineOf("<- dma_buf_map_attachment) ");
        while (!all.get(n - 1).contains("(t_map+") || !all.get(n - 1).contains("<- dma_buf_map_attachment) ")) {
            n++;
        }
        while (!all.get(n - 1).contains(" dma_buf_map_attachment: ")) {
            n--;
        }
        String l = CaptureFixtures.lines(CaptureFixtures.DIR.resolve("kmod.raw")).get(n - 1).replaceAll("dir=\\d+", "dir=(fault)");
        CaptureFormatException e = fails(edited(n, l));
        assertEquals(n, e.line());
        assertEquals("dir", e.field());
        assertTrue(e.getMessage().contains("could not read it (fault) in dma_buf_map_attachment"), e.getMessage());
    }

    @Test
    void aLostReturnIsNamedWhereTheNextReturnDoesNotMatch() throws Exception {
        int n = lineOf("ww_mutex_lock__r: ");
        List<String> lines = new ArrayList<>(CaptureFixtures.lines(CaptureFixtures.DIR.resolve("kmod.raw")));
        // drop the return of the first lock: the unlock then opens inside it, and the unlock's
        // return cannot be paired with the open lock
        lines.remove(n - 1);
        Path f = tmp.resolve("lost-return.raw");
        Files.write(f, lines, StandardCharsets.UTF_8);
        CaptureFormatException e = fails(f);
        assertEquals("event", e.field());
        assertTrue(e.getMessage().contains("a return was lost"), e.getMessage());
    }

    @Test
    void aFileThatIsNoCaptureSaysSo() throws Exception {
        Path f = tmp.resolve("trace.ndjson");
        Files.writeString(f, "{\"type\":\"header\"}\n", StandardCharsets.UTF_8);
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> RawCaptureParser.parse(f));
        assertEquals(1, e.line());
        assertEquals("format", e.field());
    }

    @Test
    void aProbeTheKernelRefusedIsReportedWithTheRulesThatCannotBeJudged() throws Exception {
        List<String> lines = new ArrayList<>(CaptureFixtures.lines(CaptureFixtures.DIR.resolve("kmod.raw")));
        lines.removeIf(l -> l.contains("dmabuf_capture/ww_mutex_unlock") || l.contains("ww_mutex_unlock: ")
                || l.contains("ww_mutex_unlock__r: "));
        lines.add(7, "# dmabuf-capture: missing ww_mutex_unlock ww_mutex_unlock: no such kernel function");
        Path f = tmp.resolve("no-unlock.raw");
        Files.write(f, lines, StandardCharsets.UTF_8);
        RawCapture raw = RawCaptureParser.parse(f);
        Observation o = CaptureConverter.convert(raw, null).observation();
        assertTrue(o.unjudged().contains("R3"), o.toString());
        assertTrue(String.join("\n", o.describe()).contains("missing: ww_mutex_unlock (ww_mutex_unlock: no such kernel function)"),
                o.describe().toString());
    }
}
