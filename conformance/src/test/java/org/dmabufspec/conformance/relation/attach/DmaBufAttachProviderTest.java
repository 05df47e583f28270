package org.dmabufspec.conformance.relation.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.dmabufspec.conformance.relation.ModelGraphs;
import org.dmabufspec.conformance.relation.ModelRelations;
import org.dmabufspec.tlc.Model;
import org.junit.jupiter.api.Test;

class DmaBufAttachProviderTest {
    private static final DmaBufAttachProvider PROVIDER = new DmaBufAttachProvider();
    private static final List<String> ATTACH_MODELS = List.of(
            "DmaBufAttach_6_1", "DmaBufAttach_6_1_StaticExporter", "DmaBufAttach_6_2", "DmaBufAttach_6_2_CacheSgt",
            "DmaBufAttach_6_2_NoMoveNotify", "DmaBufAttach_6_15", "DmaBufAttach_6_15_NoMoveNotify",
            "DmaBufAttach_7_1", "DmaBufAttach_Live_6_15", "DmaBufAttach_Live_7_1", "DmaBufAttach_Live_6_2",
            "DmaBufAttach_Live_6_1", "DmaBufAttach_Ind_6_15", "DmaBufAttach_Ind_7_1", "DmaBufAttach_Ind_Reach_6_15",
            "DmaBufAttach_6_15_P2P");

    @Test
    void handlesExactlyTheModelsWithoutAMutantModule() {
        for (String name : ATTACH_MODELS) {
            Model m = ModelGraphs.model(name);
            assertTrue(PROVIDER.handles(m), name);
            assertTrue(ModelRelations.forModel(m).orElseThrow() instanceof DmaBufAttachProvider, name);
        }
        for (String mutant : List.of("DmaBufAttach_Seed002StaleMapping", "DmaBufAttach_Ind_Seed002",
                "DmaBufAttach_AttachWindow", "DmaBufAttach_CachedSgtAnyDirection", "DmaBufAttachDeep_6_2")) {
            assertFalse(PROVIDER.handles(ModelGraphs.model(mutant)), mutant);
        }
    }

    @Test
    void onlyIndSpecModelsLeaveTheInitialStatesToTlc() {
        var constants = AttachFixtures.printed("6.15", true, "{b1}", "{}", "{}");
        Set<String> enumerated = ATTACH_MODELS.stream()
                .filter(n -> PROVIDER.relation(ModelGraphs.model(n), constants).initialStates().isEmpty())
                .collect(Collectors.toSet());
        assertEquals(Set.of("DmaBufAttach_Ind_6_15", "DmaBufAttach_Ind_7_1"), enumerated);
    }

    @Test
    void relationForAMutantModelIsRefusedNamingIt() {
        Model m = ModelGraphs.model("DmaBufAttach_R3MapWithoutLock");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PROVIDER.relation(m, AttachFixtures.printed("6.15", true, "{b1}", "{}", "{}")));
        assertTrue(e.getMessage().contains("DmaBufAttach_R3MapWithoutLock"), e.getMessage());
    }
}
