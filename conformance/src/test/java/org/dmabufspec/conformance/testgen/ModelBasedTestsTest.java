package org.dmabufspec.conformance.testgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.dmabufspec.conformance.relation.SharedTlcGraphs;
import org.dmabufspec.tlc.Expectation;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.Tier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 15: for every default-tier {@code ok} model of the manifest, the tests generated from its
 * TLC state graph run on the reference implementation without a conformance failure, every trace
 * is accepted by the checker, and every edge the tests take is executed successfully. A model no
 * vocabulary drives must have a stated reason ({@link Vocabularies#whyNot}).
 */
class ModelBasedTestsTest {
    static Manifest manifest() {
        return Manifest.ofSpecsDir(specsDir());
    }

    static Path specsDir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("specs/models.yaml"))) {
                return d.resolve("specs");
            }
        }
        throw new IllegalStateException("no specs/models.yaml above " + Path.of("").toAbsolutePath());
    }

    @TestFactory
    Stream<DynamicTest> generatedTestsPassOnTheReferenceImplementation() {
        Manifest manifest = manifest();
        List<Model> models = manifest.tier(Tier.DEFAULT).stream().filter(m -> m.expect() instanceof Expectation.Ok).toList();
        return models.stream().map(m -> DynamicTest.dynamicTest(m.name(), () -> {
            Optional<Vocabulary> v = Vocabularies.forModel(m);
            if (v.isEmpty()) {
                assertTrue(Vocabularies.whyNot(m).isPresent(), m.name() + ": not driven and no reason given");
                return;
            }
            ModelTests t = ModelTests.of(m, v.get(), SharedTlcGraphs.run(manifest.tlaDir(), m, v.get().constants(m)),
                    ModelTests.DEFAULT_MAX_EDGES);
            assertFalse(t.tests().isEmpty(), m.name() + ": no tests generated");
            assertTrue(t.edgeCoverage(), m.name() + ": expected edge coverage");
            assertEquals(t.edges(), t.coveredEdges().size(), m.name() + ": generated tests miss edges");
            long start = System.nanoTime();
            ModelTests.Execution x = t.execute(Set.of());
            // the TLC graph is shared with StateGraphEqualityTest; this is what the model-based tests add
            System.out.printf("%s: %d edges, %d tests, %d steps; execution and checking %.2f s%n", m.name(), t.edges(),
                    t.tests().size(), x.steps(), (System.nanoTime() - start) / 1e9);
            assertEquals(List.of(), x.failures(), m.name() + ": conformance failures");
            assertEquals(t.coveredEdges(), x.passedEdges(), m.name() + ": edges not executed");
            x.runs().forEach(r -> assertEquals("ACCEPTED", r.verdict(), r.test().name() + "\n" + r.trace()));
        }));
    }
}
