package org.dmabufspec.conformance.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.nativerun.ScenarioTrace;
import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.trace.TraceFields;
import org.dmabufspec.trace.TraceHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converting recorded raw captures of the VM runner (no VM here) and judging them. */
class CaptureConverterTest {
    @TempDir
    Path tmp;

    private CheckReport check(CapturedTrace t, String name) throws Exception {
        Path f = tmp.resolve(name.replace('/', '_') + ".ndjson");
        Files.writeString(f, t.toNdjson(), StandardCharsets.UTF_8);
        return TraceChecker.check(f);
    }

    @Test
    void everyModuleScenarioCapturedFromOutsideIsJudgedLikeItsSelfLoggedTraceAndAgreesWithIt() throws Exception {
        CapturedTrace all = CaptureFixtures.convert("kmod.raw");
        List<ScenarioTrace> self = CaptureFixtures.self("kmod-self.ndjson");
        assertEquals(14, self.size());
        int misuse = 0;
        for (ScenarioTrace t : self) {
            CapturedTrace cut = CaptureFixtures.slice(all, t);
            assertFalse(cut.events().isEmpty(), t.scenario());
            CheckReport r = check(cut, t.scenario());
            String rule = CaptureFixtures.inject(t);
            if (rule == null) {
                assertTrue(r.accepted(), t.scenario() + ":\n" + r.toText());
            } else {
                misuse++;
                assertFalse(r.accepted(), t.scenario());
                assertEquals(List.of(rule), r.brokenRules(), t.scenario() + ":\n" + r.toText());
                // the rejection names the module's function that made the offending call
                assertTrue(r.toText().contains("called from t_"), r.toText());
            }
            assertEquals(List.of(), CaptureAgreement.compare(t.lines(), cut), t.scenario());
        }
        assertEquals(4, misuse);
    }

    @Test
    void harnessScenariosCapturedFromOutsideAreAcceptedAndAgreeWithTheSyscallsTheHarnessLogged() throws Exception {
        CapturedTrace all = CaptureFixtures.convert("uapi.raw");
        List<ScenarioTrace> self = CaptureFixtures.self("uapi-self.ndjson");
        assertEquals(4, self.size());
        for (ScenarioTrace t : self) {
            CapturedTrace cut = CaptureFixtures.slice(all, t);
            CheckReport r = check(cut, t.scenario());
            assertTrue(r.accepted(), t.scenario() + ":\n" + r.toText());
            assertEquals(List.of(), CaptureAgreement.compare(t.lines(), cut), t.scenario());
        }
    }

    @Test
    void anUnmapTheImporterMakesInsideMoveNotifyIsAnEventWhoseCallerIsTheMoveNotify() throws Exception {
        CapturedTrace all = CaptureFixtures.convert("kmod.raw");
        TraceEvent unmap = null;
        for (TraceEvent e : all.events()) {
            if (e.op() == Op.DMA_BUF_UNMAP_ATTACHMENT && e.caller() != null) {
                unmap = e;
                break;
            }
        }
        assertNotNull(unmap, "no nested unmap in the R4 scenarios' capture");
        long caller = unmap.caller();
        TraceEvent outer = all.events().get((int) caller - 1);
        assertEquals(Op.DMA_BUF_MOVE_NOTIFY, outer.op());
        assertTrue(unmap.resvHeld(), "move_notify runs under the lock its caller took");
        assertTrue(unmap.site().contains("[dmabuf_conformance]"), unmap.toString());
    }

    @Test
    void callsTheCoreMakesInsideItsOwnFunctionsAreNotEvents() throws Exception {
        CapturedTrace all = CaptureFixtures.convert("kmod.raw");
        for (TraceEvent e : all.events()) {
            assertFalse(e.caller() != null && CaptureConverter.isCore(e.site()), "internal call kept: " + e);
        }
        // dma_buf_map_attachment_unlocked takes the lock itself: no dma_resv_lock nested in it
        assertTrue(all.events().stream().anyMatch(e -> e.op() == Op.DMA_BUF_MAP_ATTACHMENT_UNLOCKED));
        assertTrue(all.events().stream().noneMatch(e -> e.op() == Op.DMA_RESV_LOCK
                && e.site().startsWith("dma_buf_map_attachment_unlocked")));
    }

    @Test
    void reservationHoldsComeFromTheWwMutexProbes() throws Exception {
        CapturedTrace all = CaptureFixtures.convert("kmod.raw");
        List<ScenarioTrace> self = CaptureFixtures.self("kmod-self.ndjson");
        for (ScenarioTrace t : self) {
            if (t.scenario().equals("kmod/misuse/R3-map-without-lock") || t.scenario().equals("kmod/R8-dynamic-importer-dynamic-exporter")) {
                TraceEvent map = CaptureFixtures.slice(all, t).events().stream()
                        .filter(e -> e.op() == Op.DMA_BUF_MAP_ATTACHMENT).findFirst().orElseThrow();
                assertEquals(!t.scenario().contains("misuse"), map.resvHeld(), t.scenario());
            }
        }
    }

    @Test
    void theAcquireContextIsInitialisedWithTheStampReadFromItAndTheLockAfterEdeadlkIsTheSlowPath() throws Exception {
        CapturedTrace all = CaptureFixtures.convert("kmod.raw");
        List<TraceEvent> inits = all.events().stream().filter(e -> e.op() == Op.WW_ACQUIRE_INIT).toList();
        assertEquals(2, inits.size());
        assertTrue(!inits.get(0).args().get("stamp").equals(inits.get(1).args().get("stamp")));
        assertEquals(1, all.events().stream().filter(e -> e.op() == Op.DMA_RESV_LOCK_SLOW).count());
    }

    @Test
    void theHeaderNamesTheKernelTheProbesAndWhatIsNotObserved() throws Exception {
        CapturedTrace all = CaptureFixtures.convert("kmod.raw");
        TraceHeader h = all.header();
        assertEquals("capture", h.implementation().name());
        assertEquals("6.12.117+deb13-amd64", h.kernel().release());
        assertEquals("6.2", h.behaviour().label().text());
        assertFalse(h.behaviour().moveNotify());
        assertTrue(h.capture().probes().contains("ww_mutex_lock"));
        assertTrue(h.capture().unobserved().contains("exporter and importer callbacks"));
        assertEquals(null, h.capture().missing());
    }

    @Test
    void aCapturedTraceIsWrittenByTheFormatsWriterWithItsFieldNamesInItsOrder() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String raw : List.of("kmod.raw", "uapi.raw", "vivid.raw")) {
            List<String> lines = CaptureFixtures.convert(raw).toNdjson().lines().toList();
            assertTrue(lines.size() > 2, raw);
            for (int i = 0; i < lines.size(); i++) {
                JsonNode n = json.readTree(lines.get(i));
                List<String> order = i == 0 ? TraceFields.HEADER : i == lines.size() - 1 ? TraceFields.END : TraceFields.EVENT;
                List<String> names = new ArrayList<>();
                n.fieldNames().forEachRemaining(names::add);
                assertEquals(order.stream().filter(names::contains).toList(), names, raw + " line " + (i + 1));
                if (i == 0) {
                    List<String> cap = new ArrayList<>();
                    n.get("capture").fieldNames().forEachRemaining(cap::add);
                    assertEquals(TraceFields.CAPTURE.stream().filter(cap::contains).toList(), cap, raw);
                }
            }
        }
    }

    @Test
    void aCaptureThatDisagreesWithTheSelfLoggedTraceIsReported() throws Exception {
        CapturedTrace all = CaptureFixtures.convert("kmod.raw");
        ScenarioTrace t = CaptureFixtures.self("kmod-self.ndjson").stream()
                .filter(s -> s.scenario().equals("kmod/R11-cache-sgt-mapping-ebusy")).findFirst().orElseThrow();
        CapturedTrace cut = CaptureFixtures.slice(all, t);
        // a flipped result
        List<TraceEvent> flipped = new ArrayList<>();
        for (TraceEvent e : cut.events()) {
            flipped.add(e.result().equals("EBUSY") ? CaptureFixtures.with(e, e.seq(), e.start(), e.end(), TraceEvent.OK) : e);
        }
        List<String> p = CaptureAgreement.compare(t.lines(), new CapturedTrace(cut.header(), flipped, cut.observation(), cut.notes()));
        assertTrue(p.stream().anyMatch(x -> x.contains("result EBUSY, captured 0")), p.toString());
        // a dropped call
        List<TraceEvent> dropped = new ArrayList<>(cut.events());
        TraceEvent gone = dropped.remove(dropped.size() - 1);
        p = CaptureAgreement.compare(t.lines(), new CapturedTrace(cut.header(), dropped, cut.observation(), cut.notes()));
        assertTrue(p.stream().anyMatch(x -> x.contains(gone.op().wire()) && x.contains("no captured call")), p.toString());
    }

    @Test
    void v4l2CtlStreamingVividCaptureIntoVividOutputThroughExportedDmaBufsIsAcceptedForBothAllocators() throws Exception {
        RawCapture raw = RawCaptureParser.parse(CaptureFixtures.DIR.resolve("vivid.raw"));
        CapturedTrace all = CaptureConverter.convert(raw, null);
        for (String name : UserspaceWorkload.PARTS.keySet()) {
            CapturedTrace part = UserspaceWorkload.part(raw, all, name);
            CheckReport r = check(part, name);
            assertTrue(r.accepted(), name + ":\n" + r.toText());
            assertEquals(List.of(), UserspaceWorkload.problems(name, part));
        }
    }

    @Test
    void theVividDmaContigStreamWithADetachBeforeItsUnmapIsRejectedNamingR12AndTheVb2Function() throws Exception {
        RawCapture raw = RawCaptureParser.parse(CaptureFixtures.DIR.resolve("vivid.raw"));
        CapturedTrace part = UserspaceWorkload.part(raw, CaptureConverter.convert(raw, null), "v4l2-ctl/vivid-dma-contig");
        CheckReport r = check(UserspaceWorkload.detachBeforeUnmap(part), "vivid-detach-before-unmap");
        assertFalse(r.accepted());
        assertEquals(List.of("R12"), r.brokenRules(), r.toText());
        assertTrue(r.toText().contains("vb2_dc_detach_dmabuf"), r.toText());
    }
}
