package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
    private static Model model(Tier tier) {
        return new Model("M", "M.tla", "M.cfg", "fixture", Expectation.parse("ok"), tier, Optional.empty(),
                List.of(), List.of(), 1);
    }

    @Test
    void defaultTierModelsRunWithTheC1CompilerOnlyAndDeepOnesWithTheFullJit() {
        assertEquals(List.of("-XX:TieredStopAtLevel=1"), RunOptions.defaults().forModel(model(Tier.DEFAULT)).jit().jvmFlags());
        assertEquals(List.of(), RunOptions.defaults().forModel(model(Tier.DEEP)).jit().jvmFlags());
    }

    @Test
    void aModelWhoseManifestEntrySaysJitFullRunsWithTheFullJitInTheDefaultTier() {
        Model big = new Model("Ind", "M.tla", "M.cfg", "fixture", Expectation.parse("ok"), Tier.DEFAULT, Optional.empty(),
                List.of(), List.of(), Optional.of(RunOptions.Jit.FULL), 1);
        assertEquals(List.of(), RunOptions.defaults().forModel(big).jit().jvmFlags());
    }

    @Test
    void unspecifiedRunsAreShortOnesAndKeepTheirOtherOptionsWhenTheJitChanges() {
        RunOptions o = RunOptions.defaults().withWorkers(1).withTlcOptions(List.of("-deadlock"));
        assertEquals(RunOptions.Jit.QUICK, o.jit());
        RunOptions full = o.withJit(RunOptions.Jit.FULL);
        assertEquals(1, full.workers());
        assertEquals(List.of("-deadlock"), full.tlcOptions());
    }
}
