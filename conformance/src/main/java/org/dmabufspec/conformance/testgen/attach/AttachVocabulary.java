package org.dmabufspec.conformance.testgen.attach;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.relation.attach.AttachConstants;
import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * MCDmaBufAttach's models (attach/detach, map/unmap, pin/unpin, move_notify and the exporter's
 * evictions, per kernel behaviour 6.1, 6.2, 6.15 and 7.1 and CONFIG_DMABUF_MOVE_NOTIFY) driven on
 * the reference implementation's {@code DmaBuf} core with a {@code VramExporter}, udmabuf or
 * system-heap buffer, one executor thread per importer and one for the exporter. The kernel of
 * each batch has the model's behaviour, which the test's first setup call names.
 */
public final class AttachVocabulary implements Vocabulary {
    public static final String NAME = "dma_buf_attach";
    /** The cfgs of MCDmaBufAttach whose constants this driver can build (P2P: a VramExporter with peer-only VRAM). */
    private static final Set<String> CFGS = Set.of(
            "MCDmaBufAttach_6_1.cfg", "MCDmaBufAttach_6_1_StaticExporter.cfg",
            "MCDmaBufAttach_6_2.cfg", "MCDmaBufAttach_6_2_CacheSgt.cfg", "MCDmaBufAttach_6_2_NoMoveNotify.cfg",
            "MCDmaBufAttach_6_15.cfg", "MCDmaBufAttach_6_15_NoMoveNotify.cfg", "MCDmaBufAttach_6_15_Bookkeep.cfg",
            "MCDmaBufAttach_6_15_P2P.cfg",
            "MCDmaBufAttach_7_1.cfg",
            "MCDmaBufAttach_Live_6_1.cfg", "MCDmaBufAttach_Live_6_2.cfg", "MCDmaBufAttach_Live_6_15.cfg",
            "MCDmaBufAttach_Live_7_1.cfg");
    /**
     * The inductive-invariant cfg of MCDmaBufAttach_Ind (the constants of MCDmaBufAttach_6_15): its tests start from fresh
     * objects at the spec's Init, one of its IndInv states ({@link Vocabulary.Planner#freshInit}); the IndInv states no
     * call sequence reaches are not injected (their edges are counted as not drivable).
     */
    private static final Set<String> INDUCTIVE_CFGS = Set.of("MCDmaBufAttach_Ind_6_15.cfg");

    @Override
    public String name() {
        return NAME;
    }

    /** The expected-violation models that are the code of an injectable reference-implementation bug, by module. */
    private static final Map<String, String> BUGS = Map.of(
            "MCDmaBufAttach_MoveWithoutNotify", "skip-move-notify",
            "MCDmaBufAttach_EvictWhilePinned", "evict-while-pinned");
    /**
     * skip-move-notify: dma_buf_move_notify skips the dynamic attachment, whose importer keeps its mapping valid;
     * evict-while-pinned: the exporter evicts a buffer while an attachment holds a pin.
     */
    private static final Map<String, String> INJECTIONS = Map.of("skip-move-notify", "R4", "evict-while-pinned", "R7");

    /**
     * Expected-violation models of a caller bug the kernel permits, whose counterexamples replay on
     * the kernel (KernelReplay), by cfg: those whose kernel behaviour is the VM kernel's.
     */
    private static final Set<String> CALLER_BUG_CFGS = Set.of("MCDmaBufAttach_R12DetachWithMapping_6_2.cfg");

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCDmaBufAttach") && CFGS.contains(model.cfg()) || BUGS.containsKey(model.moduleName())
                || model.moduleName().equals("MCDmaBufAttach_Ind") && INDUCTIVE_CFGS.contains(model.cfg())
                || CALLER_BUG_CFGS.contains(model.cfg());
    }

    @Override
    public Map<String, String> injections() {
        return INJECTIONS;
    }

    @Override
    public Optional<String> bugOf(Model mutant) {
        return Optional.ofNullable(BUGS.get(mutant.moduleName()));
    }

    @Override
    public List<String> constants(Model model) {
        return AttachConstants.NAMES; // the same as DmaBufAttachProvider's, so the graph is shared with StateGraphEqualityTest
    }

    @Override
    public Planner planner(Model model, Map<String, TlaValue> constants) {
        return new AttachPlanner(AttachConstants.from(constants), model.moduleName().equals("MCDmaBufAttach_Ind"));
    }

    @Override
    public List<TestRun> run(List<GeneratedTest> tests, Set<String> injections) {
        refuseInjections(injections);
        // one kernel behaviour per batch: tests grouped by their setup's "kernel" call, in order
        Map<KernelCall, List<GeneratedTest>> byKernel = new LinkedHashMap<>();
        for (GeneratedTest t : tests) {
            KernelCall k = t.setup().stream().filter(c -> c.op().equals("kernel")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(t.name() + ": no kernel call in the setup"));
            byKernel.computeIfAbsent(k, x -> new ArrayList<>()).add(t);
        }
        List<TestRun> out = new ArrayList<>();
        byKernel.forEach((k, ts) -> out.addAll(new BatchRunner(k.args().get("behaviour"),
                Boolean.parseBoolean(k.args().get("move_notify")), 100, AttachExecutor::new).run(ts, injections)));
        return out;
    }
}
