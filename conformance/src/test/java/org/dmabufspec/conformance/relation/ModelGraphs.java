package org.dmabufspec.conformance.relation;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * For relation tests: TLC's graph of one manifest model, and one relation compared against it
 * (e.g. a deliberately wrong copy, to show the comparison catches it).
 */
public final class ModelGraphs {
    private static final TlcGraphRunner RUNNER = TlcGraphRunner.withTlcOnClasspath();

    private ModelGraphs() {
    }

    public static Model model(String name) {
        return manifest().models().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model " + name + " in the manifest"));
    }

    public static TlcGraph tlcGraph(String modelName, List<String> constants) {
        return RUNNER.run(manifest().tlaDir(), model(modelName), constants);
    }

    /** TLC's graph of {@code modelName} against the relation {@code build} makes from the provider's constants. */
    public static GraphComparison.Result compare(String modelName, RelationProvider provider,
                                                 Function<Map<String, TlaValue>, SpecRelation<?>> build) {
        Model m = model(modelName);
        TlcGraph g = RUNNER.run(manifest().tlaDir(), m, provider.constants(m));
        return GraphComparison.compare(build.apply(g.constants()), g, 5);
    }

    private static Manifest manifest() {
        return Manifest.ofSpecsDir(StateGraphEqualityTest.specsDir());
    }
}
