package org.dmabufspec.conformance.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.nativerun.ScenarioTrace;
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
        ObjectNode unmap = null;
        for (ObjectNode e : all.events()) {
            if (e.path("op").asText().equals("dma_buf_unmap_attachment") && e.has("caller")) {
                unmap = e;
                break;
            }
        }
        assertNotNull(unmap, "no nested unmap in the R4 scenarios' capture");
        long caller = unmap.get("caller").asLong();
        ObjectNode outer = all.events().get((int) caller - 1);
        assertEquals("dma_buf_move_notify", outer.path("op").asText());
        assertTrue(unmap.get("resv_held").asBoolean(), "move_notify runs under the lock its caller took");
        assertTrue(unmap.path("site").asText().contains("[dmabuf_conformance]"), unmap.toString());
    }

    @Test
    void callsTheCoreMakesInsideItsOwnFunctionsAreNotEvents() throws Exception {
        CapturedTrace all = CaptureFixtures.convert("kmod.raw");
        for (ObjectNode e : all.events()) {
            String site = e.path("site").asText();
            assertFalse(e.has("caller") && CaptureConverter.isCore(site), "internal call kept: " + e);
        }
        // dma_buf_map_attachment_unlocked takes the lock itself: no dma_resv_lock nested in it
        assertTrue(all.events().stream().anyMatch(e -> e.path("op").asText().equals("dma_buf_map_attachment_unlocked")));
        assertTrue(all.events().stream().noneMatch(e -> e.path("op").asText().equals("dma_resv_lock")
                && e.path("site").asText().startsWith("dma_buf_map_attachment_unlocked")));
    }

    @Test
    void reservationHoldsComeFromTheWwMutexProbes() throws Exception {
        CapturedTrace all = CaptureFixtures.convert("kmod.raw");
        List<ScenarioTrace> self = CaptureFixtures.self("kmod-self.ndjson");
        for (ScenarioTrace t : self) {
            if (t.scenario().equals("kmod/misuse/R3-map-without-lock") || t.scenario().equals("kmod/R8-dynamic-importer-dynamic-exporter")) {
                ObjectNode map = CaptureFixtures.slice(all, t).events().stream()
                        .filter(e -> e.path("op").asText().equals("dma_buf_map_attachment")).findFirst().orElseThrow();
                assertEquals(!t.scenario().contains("misuse"), map.get("resv_held").asBoolean(), t.scenario());
            }
        }
    }

    @Test
    void theAcquireContextIsInitialisedWithTheStampReadFromItAndTheLockAfterEdeadlkIsTheSlowPath() throws Exception {
        CapturedTrace all = CaptureFixtures.convert("kmod.raw");
        List<ObjectNode> inits = all.events().stream().filter(e -> e.path("op").asText().equals("ww_acquire_init")).toList();
        assertEquals(2, inits.size());
        assertTrue(inits.get(0).path("args").path("stamp").asLong() != inits.get(1).path("args").path("stamp").asLong());
        assertEquals(1, all.events().stream().filter(e -> e.path("op").asText().equals("dma_resv_lock_slow")).count());
    }

    @Test
    void theHeaderNamesTheKernelTheProbesAndWhatIsNotObserved() throws Exception {
        CapturedTrace all = CaptureFixtures.convert("kmod.raw");
        ObjectNode h = all.header();
        assertEquals("capture", h.path("implementation").path("name").asText());
        assertEquals("6.12.117+deb13-amd64", h.path("kernel").path("release").asText());
        assertEquals("6.2", h.path("kernel").path("behaviour").asText());
        assertFalse(h.path("kernel").path("move_notify").asBoolean());
        assertTrue(h.path("capture").path("probes").asText().contains("ww_mutex_lock"));
        assertTrue(h.path("capture").path("unobserved").asText().contains("exporter and importer callbacks"));
        assertFalse(h.path("capture").has("missing"));
    }

    @Test
    void aCaptureThatDisagreesWithTheSelfLoggedTraceIsReported() throws Exception {
        CapturedTrace all = CaptureFixtures.convert("kmod.raw");
        ScenarioTrace t = CaptureFixtures.self("kmod-self.ndjson").stream()
                .filter(s -> s.scenario().equals("kmod/R11-cache-sgt-mapping-ebusy")).findFirst().orElseThrow();
        CapturedTrace cut = CaptureFixtures.slice(all, t);
        // a flipped result
        List<ObjectNode> flipped = new ArrayList<>();
        for (ObjectNode e : cut.events()) {
            ObjectNode c = e.deepCopy();
            if (c.path("result").asText().equals("EBUSY")) {
                c.put("result", 0);
            }
            flipped.add(c);
        }
        List<String> p = CaptureAgreement.compare(t.lines(), new CapturedTrace(cut.header(), flipped, cut.observation(), cut.notes()));
        assertTrue(p.stream().anyMatch(x -> x.contains("result EBUSY, captured 0")), p.toString());
        // a dropped call
        List<ObjectNode> dropped = new ArrayList<>(cut.events());
        ObjectNode gone = dropped.remove(dropped.size() - 1);
        p = CaptureAgreement.compare(t.lines(), new CapturedTrace(cut.header(), dropped, cut.observation(), cut.notes()));
        assertTrue(p.stream().anyMatch(x -> x.contains(gone.path("op").asText()) && x.contains("no captured call")), p.toString());
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
