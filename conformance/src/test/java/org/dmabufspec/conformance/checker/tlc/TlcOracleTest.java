package org.dmabufspec.conformance.checker.tlc;

import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Engine;
import org.dmabufspec.conformance.checker.HiddenSteps;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlcOracleTest {
    private static final String HEADER = "{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,"
            + "\"implementation\":{\"name\":\"test\",\"version\":\"0\"},\"kernel\":{\"behaviour\":\"6.15\",\"move_notify\":true},\"clock\":\"logical\"}\n";

    @TempDir
    Path dir;

    private Path trace(String name, String... events) throws IOException {
        StringBuilder b = new StringBuilder(HEADER);
        int seq = 1;
        for (String e : events) {
            b.append("{\"type\":\"event\",\"seq\":").append(seq).append(",\"thread\":\"main\",\"start\":").append(2 * seq)
                    .append(",\"end\":").append(2 * seq + 1).append(',').append(e).append("}\n");
            seq++;
        }
        b.append("{\"type\":\"end\",\"events\":").append(events.length).append(",\"status\":\"complete\"}\n");
        Path p = dir.resolve(name);
        Files.writeString(p, b.toString());
        return p;
    }

    private static final String EXPORT = "\"op\":\"dma_buf_export\",\"buf\":\"b1\",\"args\":{\"exporter\":\"system\",\"dynamic\":false,"
            + "\"cache_sgt_mapping\":false,\"size\":4096,\"placement\":\"SYSTEM\"},\"result\":0";

    @Test
    void attachIsOutsideTheDmaResvVocabularyAndNamedByLineAndOp() throws IOException {
        Path t = trace("attach.ndjson", EXPORT,
                "\"op\":\"dma_buf_attach\",\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"gpu0\",\"result\":0");
        CheckReport r = TraceChecker.check(t, CheckOptions.defaults().withEngine(Engine.TLC));
        assertEquals(Verdict.BAD_INPUT, r.verdict());
        assertEquals(2, r.exitCode());
        assertTrue(r.problem().contains("line 3") && r.problem().contains("dma_buf_attach"), r.problem());
    }

    @Test
    void dmaBufAttachSpecIsNotInThisBuild() throws IOException {
        Path t = trace("empty.ndjson", EXPORT);
        CheckReport r = TraceChecker.check(t, CheckOptions.defaults().withEngine(Engine.TLC).withSpecModel("DmaBufAttach"));
        assertEquals(Verdict.BAD_INPUT, r.verdict());
        assertTrue(r.problem().contains("DmaBufAttach"), r.problem());
    }

    /** vgem's 10 s timer signalled the reader fence unlogged: only a hidden signal explains the second attach. */
    @Test
    void vgemWriterAfterAnUnloggedTimerSignalNeedsAHiddenStep() throws IOException {
        Path t = trace("vgem-timer.ndjson", EXPORT,
                "\"op\":\"DRM_IOCTL_VGEM_FENCE_ATTACH\",\"ioctl\":\"DRM_IOCTL_VGEM_FENCE_ATTACH\",\"buf\":\"b1\",\"fence\":\"f1\",\"args\":{\"flags\":\"\",\"pad\":0,\"handle\":1},\"result\":0",
                "\"op\":\"DRM_IOCTL_VGEM_FENCE_ATTACH\",\"ioctl\":\"DRM_IOCTL_VGEM_FENCE_ATTACH\",\"buf\":\"b1\",\"fence\":\"f2\",\"args\":{\"flags\":\"WRITE\",\"pad\":0,\"handle\":1},\"result\":0");
        CheckReport on = TraceChecker.check(t, CheckOptions.defaults().withEngine(Engine.TLC));
        assertEquals(Verdict.ACCEPTED, on.verdict(), on.toText());
        assertEquals(1, on.hiddenSteps(), on.toText());
        CheckReport off = TraceChecker.check(t, CheckOptions.defaults().withEngine(Engine.TLC).withHidden(HiddenSteps.OFF));
        assertEquals(Verdict.REJECTED, off.verdict(), off.toText());
        assertEquals(4, off.rejection().line());
        assertEquals(2, off.linearized());
    }
}
