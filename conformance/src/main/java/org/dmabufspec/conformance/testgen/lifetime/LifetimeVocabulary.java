package org.dmabufspec.conformance.testgen.lifetime;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.conformance.relation.lifetime.LifetimeConstants;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;
import org.dmabufspec.uapi.DmaBufIoctl;

/**
 * MCDmaBufLifetime's default-tier cfgs (DmaBufLifetime_6_2_Attach and DmaBufLifetime_6_15): the
 * file's and the fence's exact reference counts through dma_buf_get/put, close(), poll()'s
 * callback, a static importer's ≤6.14 attach or 6.15+ map (pin, map, interruptible KERNEL-fence
 * wait and its -ERESTARTSYS unwinding), its fence callback, an interruptible fence waiter, a /proc
 * reader holding the dentry, the producer's put and signal, and the reservation object dropping a
 * signalled fence, on the reference implementation (kernel behaviour 6.2 or 6.15, as the cfg's).
 */
public final class LifetimeVocabulary implements Vocabulary {
    public static final String NAME = "dma_buf_lifetime";
    static final Set<String> CFGS = Set.of("MCDmaBufLifetime_6_2_Attach.cfg", "MCDmaBufLifetime_6_15.cfg");

    @Override
    public String name() {
        return NAME;
    }

    /** The mutant modules whose bug the reference implementation can have (counterexample replay). */
    private static final Map<String, String> BUGS = Map.of(
            "MCDmaBufLifetime_B5PollWithoutFileRef", DmaBufIoctl.POLL_WITHOUT_FILE_REF,
            "MCDmaBufLifetime_B1ReleaseAtFileRelease", DmaBuf.RELEASE_AT_FILE_RELEASE);

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCDmaBufLifetime") && CFGS.contains(model.cfg()) || BUGS.containsKey(model.moduleName());
    }

    @Override
    public Optional<String> bugOf(Model mutant) {
        return Optional.ofNullable(BUGS.get(mutant.moduleName()));
    }

    @Override
    public List<String> constants(Model model) {
        return LifetimeConstants.NAMES; // LifetimeRelations' own, so the graph is shared with StateGraphEqualityTest
    }

    @Override
    public Planner planner(Model model, Map<String, TlaValue> constants) {
        return new LifetimePlanner(LifetimeConstants.fromPrinted(constants));
    }

    /**
     * B5 (before ff2d23843f7f): dma_buf_poll arms cb_in without get_file, so close() releases the
     * buffer under it; B1 (before 4ab59c3c638c): dma_buf_release at the file's release, under a
     * /proc reader's path.
     */
    @Override
    public Map<String, String> injections() {
        return Map.of(DmaBufIoctl.POLL_WITHOUT_FILE_REF, "R18", DmaBuf.RELEASE_AT_FILE_RELEASE, "B1");
    }

    @Override
    public List<TestRun> run(List<GeneratedTest> tests, Set<String> injections) {
        refuseInjections(injections);
        Set<String> kernels = new java.util.TreeSet<>();
        tests.forEach(t -> kernels.add(t.setup().get(0).args().get("kernel")));
        if (kernels.size() > 1 || !LifetimeExecutor.RUNNERS.keySet().containsAll(kernels)) {
            throw new IllegalArgumentException("the dma_buf_lifetime driver runs the tests of one kernel behaviour (6.2 or 6.15)"
                    + " at a time, not " + kernels);
        }
        return kernels.isEmpty() ? List.of() : LifetimeExecutor.RUNNERS.get(kernels.iterator().next()).run(tests, injections);
    }
}
