package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecheckSampleTest {

    private static Model model(String name, String module, Expectation expect) {
        return new Model(name, module, "MC.cfg", "-", expect, Tier.DEFAULT, Optional.empty(), List.of(), List.of(), 1);
    }

    private static final List<Model> MODELS = List.of(
            model("Fence", "MCDmaFence.tla", new Expectation.Ok()),
            model("Fence_Lost", "MCDmaFence_Lost.tla", new Expectation.Invariant("NoLostCallback")),
            model("Fence_Twice", "MCDmaFence.tla", new Expectation.Invariant("SignalOnce")),
            model("Fence_Live", "MCDmaFence_Live.tla", new Expectation.Property("WaitersWake")),
            model("Attach_Move", "MCDmaBufAttach_MoveWithoutNotify.tla", new Expectation.Invariant("Isolation")),
            model("Attach_Pin", "MCDmaBufAttach.tla", new Expectation.Invariant("PinnedNotMoved")));

    @Test
    void theDefaultBuildRechecksTheFirstInvariantViolationOfEachSpecModule() {
        assertEquals(Set.of("Fence_Lost", "Attach_Move"), RecheckSample.of(MODELS, false));
    }

    @Test
    void theFullBuildRechecksEveryInvariantViolation() {
        assertEquals(Set.of("Fence_Lost", "Fence_Twice", "Attach_Move", "Attach_Pin"), RecheckSample.of(MODELS, true));
    }

    @Test
    void aMutantsModuleBelongsToTheSpecModuleItsNameExtends() {
        assertEquals("DmaBufAttach", RecheckSample.family(MODELS.get(4)));
        assertEquals("DmaFence", RecheckSample.family(MODELS.get(0)));
    }
}
