package org.dmabufspec.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.dmabufspec.cli.report.SequenceDiagram.Role;
import org.dmabufspec.tlc.Counterexample;
import org.dmabufspec.tlc.Step;
import org.dmabufspec.tlc.TlaValue;
import org.dmabufspec.tlc.TlcResult;
import org.dmabufspec.tlc.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** The report's pieces without TLC or a browser: lanes, rule sections, the diff's classification, escaping. */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class ReportPiecesTest {

    private static TlaValue.Function fn(String... kv) {
        List<TlaValue.Mapping> ms = new java.util.ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            ms.add(new TlaValue.Mapping(new TlaValue.ModelValue(kv[i]), new TlaValue.Str(kv[i + 1])));
        }
        return new TlaValue.Function(ms);
    }

    private static Step step(String action, TlaValue pc, TlaValue fence, Set<String> changed) {
        Map<String, TlaValue> s = new LinkedHashMap<>();
        s.put("pc", pc);
        s.put("fence", fence);
        return new Step(action, action.equals("Initial predicate") ? "" : "line 1, col 1 to line 1, col 2 of module M", s, changed);
    }

    @Test
    void importerActionsGoToTheImporterWhosePcChangedAndAFenceSignalArrowsToTheWaiterItWoke() {
        Counterexample c = new Counterexample(List.of(
                step("Initial predicate", fn("a1", "idle", "a2", "idle"), new TlaValue.Str("pending"), Set.of("pc", "fence")),
                step("DmaBufAttach", fn("a1", "idle", "a2", "attach"), new TlaValue.Str("pending"), Set.of("pc")),
                step("DmaResvWaitTimeout", fn("a1", "wait", "a2", "attach"), new TlaValue.Str("pending"), Set.of("pc")),
                step("DmaFenceSignal", fn("a1", "woken", "a2", "attach"), new TlaValue.Str("signalled"), Set.of("pc", "fence")),
                step("DmaBufEvict", fn("a1", "woken", "a2", "attach"), new TlaValue.Str("moved"), Set.of("fence"))),
                OptionalInt.empty());
        SequenceDiagram d = CounterexampleDiagram.of("t", c, "state 5 violates X\n");
        assertEquals(List.of("a1", "a2", "exporter", "fences"), d.lanes().stream().map(SequenceDiagram.Lane::label).toList());
        assertEquals("actor:a1", d.steps().get(0).from(), "the initial state sits on the first lane");
        assertEquals("actor:a2", d.steps().get(1).from());
        assertEquals("actor:a1", d.steps().get(2).from());
        assertEquals("fences", d.steps().get(3).from());
        assertEquals("actor:a1", d.steps().get(3).to());
        assertTrue(d.steps().get(4).selfStep());
        assertEquals("exporter", d.steps().get(4).from());
        assertTrue(d.steps().get(4).highlight());
        assertEquals("state 5 violates X", d.steps().get(4).note());
        assertEquals(List.of(new SequenceDiagram.Change("pc[a1]", "woken"), new SequenceDiagram.Change("fence", "signalled")),
                d.steps().get(3).changes());
    }

    @Test
    void actionNamesMapToLanesAfterTheKernelObjectTheyActOn() {
        assertEquals(Role.DEVICE, CounterexampleDiagram.role("ImporterDeviceAccess"));
        assertEquals(Role.IMPORTER, CounterexampleDiagram.role("ImporterMoveNotify"));
        assertEquals(Role.EXPORTER, CounterexampleDiagram.role("DmaBufMoveNotify"));
        assertEquals(Role.EXPORTER, CounterexampleDiagram.role("MCDmaBufEvict"));
        assertEquals(Role.FENCE, CounterexampleDiagram.role("DmaFenceSignalMove"));
        assertEquals(Role.FENCE, CounterexampleDiagram.role("DmaBufImportSyncFile"));
        assertEquals(Role.IMPORTER, CounterexampleDiagram.role("DmaResvLock"));
        assertEquals(Role.DEVICE, CounterexampleDiagram.role("CpuStore"));
        assertEquals(Role.EXPORTER, TraceDiagram.role("exporter.map_dma_buf"));
        assertEquals(Role.EXPORTER, TraceDiagram.role("importer.move_notify"));
        assertEquals(Role.DEVICE, TraceDiagram.role("importer.device_access"));
        assertEquals(Role.FENCE, TraceDiagram.role("DRM_IOCTL_VGEM_FENCE_ATTACH"));
        assertEquals(Role.IMPORTER, TraceDiagram.role("dma_buf_map_attachment"));
    }

    @Test
    void aStepOnALaneThatIsNotDrawnIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SequenceDiagram("t",
                List.of(new SequenceDiagram.Lane("x", "x", Role.IMPORTER)),
                List.of(new SequenceDiagram.DiagramStep(1, "a", "x", "y", List.of(), false, "")), Optional.empty()));
    }

    @Test
    void ruleSectionsAreFoundByHeadingAnchorOrTableRowAndCitedIdsWithoutTextStillGetAnAnchor() {
        Map<String, List<String>> s = RuleCatalogue.parse(List.of(
                "# Rules", "", "## R3 — map under the reservation lock", "Dynamic importers `map` with the lock held.", "",
                "<a id=\"f7\"></a>", "### Callbacks run once", "Text of F7.", "## Other", "not a rule",
                "| U2 | implicit sync | why |"));
        assertEquals(Set.of("R3", "F7", "U2"), s.keySet());
        assertTrue(s.get("R3").contains("Dynamic importers `map` with the lock held."), s.get("R3").toString());
        assertTrue(String.join(" ", s.get("F7")).contains("Text of F7."), s.get("F7").toString());
        RuleCatalogue none = RuleCatalogue.load(Path.of("no/such/rules.md"));
        String linked = none.link("breaks R3 and <F12>", "../");
        assertEquals("breaks <a class=\"rule\" href=\"../rules.html#r3\">R3</a> and &lt;"
                + "<a class=\"rule\" href=\"../rules.html#f12\">F12</a>&gt;", linked);
        String body = none.body();
        assertTrue(body.contains("<dt id=\"r3\">R3</dt>") && body.contains("<dt id=\"f12\">F12</dt>"), body);
        assertTrue(body.contains("not in the catalogue"), body);
    }

    @Test
    void embeddedCatalogueTitlesEachRuleByItsHeadingAndKeepsItsText(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path md = tmp.resolve("rules.md");
        java.nio.file.Files.writeString(md, "# Rules\n\n<a id=\"r5b\"></a>\n### R5b — read-and-discard until unmap\n\n"
                + "Text with `code`.\n\n- **Kernel:** `dma_buf_invalidate_mappings`\n\n<a id=\"state\"></a>\n### STATE — contradiction\n\nx\n");
        RuleCatalogue c = RuleCatalogue.load(md);
        assertEquals("see <a class=\"rule\" href=\"rules.html#r5b\">R5b</a>", c.link("see R5b", ""));
        String body = c.body();
        assertTrue(body.contains("<dt id=\"r5b\">R5b — read-and-discard until unmap</dt>"), body);
        assertTrue(body.contains("<p>Text with <code>code</code>.</p><ul><li><strong>Kernel:</strong> <code>dma_buf_invalidate_mappings</code></li></ul>"), body);
        assertTrue(body.contains("<dt id=\"state\">STATE — contradiction</dt>"), body);
    }

    private static TlcResult result(Verdict v, long distinct, long depth) {
        return new TlcResult(v, distinct, distinct, OptionalLong.of(depth), Duration.ofSeconds(1), Optional.empty(), 0, "");
    }

    @Test
    void diffClassifiesVerdictSizeAddedRemovedAndSame() {
        TlcResult ok10 = result(new Verdict.Ok(), 10, 3);
        assertEquals("same", new SpecDiff("m", Optional.of(ok10), Optional.of(result(new Verdict.Ok(), 10, 3))).change());
        assertEquals("size changed", new SpecDiff("m", Optional.of(ok10), Optional.of(result(new Verdict.Ok(), 11, 3))).change());
        assertEquals("size changed", new SpecDiff("m", Optional.of(ok10), Optional.of(result(new Verdict.Ok(), 10, 4))).change());
        assertEquals("verdict changed", new SpecDiff("m", Optional.of(ok10),
                Optional.of(result(new Verdict.InvariantViolated("I"), 10, 3))).change());
        assertEquals("added", new SpecDiff("m", Optional.empty(), Optional.of(ok10)).change());
        assertEquals("removed", new SpecDiff("m", Optional.of(ok10), Optional.empty()).change());
    }

    @Test
    void labelsAndTitlesAreEscapedInTheSvg() {
        SequenceDiagram d = new SequenceDiagram("a <b> & \"c\"", List.of(new SequenceDiagram.Lane("x", "<x>", Role.IMPORTER)),
                List.of(new SequenceDiagram.DiagramStep(1, "f<&>", "x", "x",
                        List.of(new SequenceDiagram.Change("v", "</title><script>")), false, "")), Optional.empty());
        String svg = SvgRenderer.render(d, "t");
        assertTrue(svg.contains(">f&lt;&amp;&gt;</text>"), svg);
        assertTrue(svg.contains("v = &lt;/title&gt;&lt;script&gt;"), svg);
        assertTrue(!svg.contains("<script"), svg);
    }
}
