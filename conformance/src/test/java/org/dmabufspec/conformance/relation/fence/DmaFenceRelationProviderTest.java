package org.dmabufspec.conformance.relation.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.junit.jupiter.api.Test;

class DmaFenceRelationProviderTest {
    private final DmaFenceRelationProvider provider = new DmaFenceRelationProvider();

    private static Manifest manifest() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("specs/models.yaml"))) {
                return Manifest.ofSpecsDir(d.resolve("specs"));
            }
        }
        throw new IllegalStateException("cannot find specs/models.yaml");
    }

    @Test
    void handlesTheDmaFenceModelsItMirrorsAndNoMutant() {
        Set<String> handled = new TreeSet<>();
        manifest().models().stream().filter(provider::handles).forEach(m -> handled.add(m.name()));
        Set<String> expected = new TreeSet<>(Set.of("DmaFence", "DmaFence_Deep", "DmaFence_Release", "DmaFence_Ind"));
        StScenario.TESTS.forEach(t -> expected.add("DmaFence_St_" + t));
        assertEquals(expected, handled);
    }

    @Test
    void aMissingConstantIsNamed() {
        Model m = manifest().model("DmaFence").orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.relation(m, Map.of("Fences", Tla.set(java.util.List.of(Tla.model("f1"))))));
        assertTrue(e.getMessage().contains("FenceContext"), e.getMessage());
    }

    @Test
    void aModelItDoesNotMirrorIsRefusedByName() {
        Model m = manifest().model("DmaFence_RaceSignalCallback").orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.relation(m, Map.of()));
        assertTrue(e.getMessage().contains("DmaFence_RaceSignalCallback"), e.getMessage());
    }
}
