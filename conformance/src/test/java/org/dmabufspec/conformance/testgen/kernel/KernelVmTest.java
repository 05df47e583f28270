package org.dmabufspec.conformance.testgen.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.nativerun.NativeDir;
import org.dmabufspec.conformance.relation.SharedTlcGraphs;
import org.dmabufspec.conformance.testgen.ConformanceFailure;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.ModelTests;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.TestStep;
import org.dmabufspec.conformance.testgen.Vocabularies;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.conformance.testgen.fence.FenceVocabulary;
import org.dmabufspec.tlc.Expectation;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, the kernel executor end to end: tests generated from TLC's state graphs of MCDmaFence,
 * of the dma_resv driver model DmaResv_LiveDriver and of the two MCDmaBufAttach models whose kernel
 * behaviour is the VM kernel's (6.2-6.14 with CONFIG_DMABUF_MOVE_NOTIFY=n: a dynamic exporter, and a
 * cache_sgt_mapping one; importers, pins, evictions with move_notify, job and move fences) run on the
 * real kernel in the VM (one boot), every step's result and observable state match the
 * model and every per-test trace is accepted by the checker; the three counterexample replays
 * ride in the same boot: two caller bugs the kernel permits (a fence signalled out of order, a
 * dynamic importer detaching with its mapping) are reproduced, a kernel-bug mutant (add_callback on a signalled fence returning 0) is left by the
 * real kernel at the step the fixed behaviour differs.
 *
 * <p>The default build runs a subset (the first {@value #SUBSET} tests of DmaFence, the attach models
 * covered action with parameters by action as ModelBasedTestsTest covers them); {@code -Pfull}
 * or {@code -Ddmabuf.testgen.kernel=full} runs every test of every default-tier ok dma_fence model
 * and the attach models edge by edge, still in one boot (docs/model-based-tests.md).
 */
@Tag("native")
class KernelVmTest {
    static final int SUBSET = 120;
    /** ModelBasedTestsTest's bound: the DmaResv models are covered action with parameters by action, and share its graphs. */
    static final int RESV_MAX_EDGES = Integer.getInteger("dmabuf.testgen.maxEdges", 25_000);
    /** The MCDmaBufAttach models of the VM kernel's behaviour (6.2, MOVE_NOTIFY=n; the udmabuf model's MOVE_NOTIFY does not count). */
    static final List<String> ATTACH_MODELS = List.of("DmaBufAttach_6_2_NoMoveNotify", "DmaBufAttach_6_2_CacheSgt");

    @Test
    void generatedTestsAndReplaysPassOnTheRealKernelInOneBoot() throws Exception {
        Manifest manifest = Manifest.ofSpecsDir(specsDir());
        boolean full = FullSets.full() || "full".equals(System.getProperty("dmabuf.testgen.kernel", ""));
        FenceVocabulary v = new FenceVocabulary();
        List<Model> models = new ArrayList<>(full
                ? manifest.tier(Tier.DEFAULT).stream().filter(m -> m.expect() instanceof Expectation.Ok).filter(v::handles).toList()
                : List.of(manifest.model("DmaFence").orElseThrow()));
        // the dma_resv driver model, action with parameters by action as ModelBasedTestsTest covers it (same graph)
        models.add(manifest.model("DmaResv_LiveDriver").orElseThrow());
        ATTACH_MODELS.forEach(n -> models.add(manifest.model(n).orElseThrow()));
        List<GeneratedTest> tests = new ArrayList<>();
        List<ModelTests> generated = new ArrayList<>();
        for (Model m : models) {
            Vocabulary voc = Vocabularies.forModel(m).orElseThrow();
            // attach: action with parameters by action unless full, as ModelBasedTestsTest (same graphs)
            int maxEdges = voc.name().equals("dma_buf_attach") ? (full ? ModelTests.DEFAULT_MAX_EDGES : 0) : RESV_MAX_EDGES;
            ModelTests t = ModelTests.of(m, voc, SharedTlcGraphs.run(manifest.tlaDir(), m, voc.constants(m)), maxEdges);
            generated.add(t);
            tests.addAll(full ? t.tests() : t.tests().subList(0, Math.min(SUBSET, t.tests().size())));
        }
        List<KernelReplay> replays = new ArrayList<>();
        for (String name : List.of("DmaFence_SignalOutOfOrder", "DmaFence_St_test_late_add_callback_LateReturnsZero",
                "DmaBufAttach_R12DetachWithMapping_6_2")) {
            KernelReplay r = KernelReplay.prepare(manifest, manifest.model(name).orElseThrow());
            replays.add(r);
            tests.add(r.test());
        }
        // the control: an attach test whose expectation is wrong at one step must fail there on the kernel
        GeneratedTest wrong = wrongPinCount(generated.stream().filter(t -> t.model().name().equals(ATTACH_MODELS.get(0)))
                .findFirst().orElseThrow().tests());
        tests.add(wrong);
        Path out = Path.of("target", "testgen-kernel" + (full ? "-full" : "")).toAbsolutePath();
        KernelRun run = new KernelExecutor(NativeDir.locate(), 900).run(tests, out);
        StringBuilder report = new StringBuilder();
        for (ModelTests t : generated) {
            report.append(KernelCoverage.of(t, run).line()).append('\n');
        }
        run.failures().stream().filter(f -> replays.stream().noneMatch(r -> f.test().equals(r.test().name())))
                .filter(f -> !f.test().equals(wrong.name())).forEach(f -> report.append("FAIL ").append(f).append('\n'));
        report.append(String.format(Locale.ROOT, "VM run: %.1f s for %d tests, %d steps%n", run.seconds(), run.runs().size(), run.steps()));
        for (KernelReplay r : replays) {
            report.append(r.judge(run).text());
        }
        System.out.print(report);
        assertTrue(run.notDrivable().isEmpty(), report.toString());
        List<ConformanceFailure> control = run.runs().stream().filter(r -> r.test().equals(wrong)).findFirst().orElseThrow()
                .failures();
        assertTrue(!control.isEmpty() && control.get(0).step() == wrongStep(wrong) && control.get(0).what().contains("b1.pins"),
                "the wrong pin count at step " + wrongStep(wrong) + " was not reported there: " + control);
        for (TestRun r : run.runs()) {
            if (r.test().equals(wrong)) {
                continue;
            }
            if (replays.stream().noneMatch(x -> x.test().name().equals(r.test().name()))) {
                assertTrue(r.passed(), report.toString());
                assertEquals("ACCEPTED", r.verdict(), report.toString());
            }
        }
        for (KernelReplay r : replays) {
            assertTrue(r.judge(run).passed(), report.toString());
        }
    }

    /**
     * A copy of the first test that expects a pinned buffer (on 6.2 a static importer's attach of the
     * dynamic exporter pins it), named after its model with _WrongPinCount, ending at that step
     * and expecting no pin there.
     */
    static GeneratedTest wrongPinCount(List<GeneratedTest> tests) {
        for (GeneratedTest t : tests) {
            for (int i = 0; i < t.steps().size(); i++) {
                TestStep s = t.steps().get(i);
                if ("1".equals(s.observe().get("b1.pins"))) {
                    Map<String, String> obs = new TreeMap<>(s.observe());
                    obs.put("b1.pins", "0");
                    List<TestStep> steps = new ArrayList<>(t.steps().subList(0, i));
                    steps.add(new TestStep(s.edge(), s.from(), s.action(), s.to(), s.call(), s.note(), s.rule(), obs));
                    return new GeneratedTest(t.model() + "_WrongPinCount", t.vocabulary(), t.number(), t.setup(), steps);
                }
            }
        }
        throw new IllegalStateException("no step of " + tests.size() + " tests expects b1.pins=1");
    }

    static int wrongStep(GeneratedTest t) {
        return t.steps().size();
    }

    static Path specsDir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("specs/models.yaml"))) {
                return d.resolve("specs");
            }
        }
        throw new IllegalStateException("no specs/models.yaml above " + Path.of("").toAbsolutePath());
    }
}
