package org.dmabufspec.conformance.relation;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * For relation tests: TLC's graph of one manifest model, and one relation compared against it
 * (e.g. a deliberately wrong copy, to show the comparison catches it). The graphs come from
 * {@link SharedTlcGraphs}: those the relation tests ask for are ones StateGraphEqualityTest dumps
 * anyway, so the TLC run is shared.
 */
public final class ModelGraphs {
    private ModelGraphs() {
    }

    public static Model model(String name) {
        return manifest().models().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model " + name + " in the manifest"));
    }

    public static TlcGraph tlcGraph(String modelName, List<String> constants) {
        return tlcGraph(model(modelName), constants);
    }

    /** The graph of {@code m}, a model of the module's own manifest, with {@code constants} printed. */
    public static TlcGraph tlcGraph(Model m, List<String> constants) {
        return SharedTlcGraphs.run(manifest().tlaDir(), m, constants);
    }

    /** TLC's graph of {@code modelName} against the relation {@code build} makes from the provider's constants. */
    public static GraphComparison.Result compare(String modelName, RelationProvider provider,
                                                 Function<Map<String, TlaValue>, SpecRelation<?>> build) {
        Model m = model(modelName);
        TlcGraph g = tlcGraph(m, provider.constants(m));
        return GraphComparison.compare(build.apply(g.constants()), g, 5);
    }

    private static Manifest manifest() {
        return Manifest.ofSpecsDir(StateGraphEqualityTest.specsDir());
    }
}
