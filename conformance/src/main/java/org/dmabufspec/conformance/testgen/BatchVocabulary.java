package org.dmabufspec.conformance.testgen;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.tlc.Model;

/**
 * What the vocabularies whose tests run in the test's own thread ({@link BatchRunner}, 100 tests a
 * batch) share: a name, the constants asked of TLC (the relation provider's, so that the graph is
 * shared with StateGraphEqualityTest), the injectable bugs, and the run itself (unknown injections
 * refused, then one runner on the kernel behaviour the subclass names). A subclass states only what
 * differs: which models it handles, its planner, its executor and the behaviour its tests' kernel has.
 */
public abstract class BatchVocabulary implements Vocabulary {
    private final String name;
    private final List<String> constants;
    private final Map<String, String> injections;
    private final BiFunction<Kernel, String, BatchRunner.World> worlds;

    /**
     * @param constants  the constant names printed for every model of the vocabulary
     * @param injections the injectable bugs by name, with the rule each breaks
     * @param worlds     the executor of one test: (kernel, id prefix) to its objects
     */
    protected BatchVocabulary(String name, List<String> constants, Map<String, String> injections,
                              BiFunction<Kernel, String, BatchRunner.World> worlds) {
        this.name = name;
        this.constants = List.copyOf(constants);
        this.injections = Map.copyOf(injections);
        this.worlds = worlds;
    }

    /** The kernel behaviour ("6.2", "6.15", "7.1") the batch of {@code tests} runs on; {@code tests} is not empty. */
    protected abstract String behaviour(List<GeneratedTest> tests);

    /** For a planner whose setup starts with a {@code kernel} call: the behaviour it names (the model's KernelBehaviour). */
    protected static String behaviourOfSetup(List<GeneratedTest> tests) {
        KernelCall k = tests.get(0).setup().stream().filter(c -> c.op().equals("kernel")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(tests.get(0).name() + ": no kernel call in the setup"));
        return k.args().get("behaviour");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<String> constants(Model model) {
        return constants;
    }

    @Override
    public final Map<String, String> injections() {
        return injections;
    }

    @Override
    public final List<TestRun> run(List<GeneratedTest> tests, Set<String> injected) {
        refuseInjections(injected);
        if (tests.isEmpty()) {
            return List.of();
        }
        return new BatchRunner(behaviour(tests), 100, worlds).run(tests, injected);
    }
}
