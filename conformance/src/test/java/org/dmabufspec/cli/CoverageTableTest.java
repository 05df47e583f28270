package org.dmabufspec.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.dmabufspec.tlc.ActionCoverage;
import org.dmabufspec.tlc.Expectation;
import org.dmabufspec.tlc.ExpressionCoverage;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.ModelCoverage;
import org.dmabufspec.tlc.Tier;
import org.dmabufspec.tlc.TlcResult;
import org.dmabufspec.tlc.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** Rendering of coverage entries TLC reports in less obvious shapes. */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class CoverageTableTest {
    private static final String HOOKS = """
            ---- MODULE Hooks ----
            EXTENDS Naturals
            MCNoUserNext == FALSE
            Locked == x > 0 /\\ pc' = 1
            ====
            """;

    private static String render(Path dir, boolean markdown, ActionCoverage... actions) {
        Model m = new Model("Hooks", "Hooks.tla", "Hooks.cfg", "fixture", Expectation.parse("ok"), Tier.DEFAULT,
                Optional.empty(), List.of(), List.of(), 1);
        TlcResult r = new TlcResult(new Verdict.Ok(), 10, 5, OptionalLong.of(3), Duration.ofMillis(100), Optional.empty(), 0, "");
        StringWriter out = new StringWriter();
        new CoverageTable(new SpecSource(dir), markdown)
                .print(new PrintWriter(out, true), new CoverageTable.Entry(m, r, Optional.of(new ModelCoverage(List.of(actions))), Optional.empty()));
        return out.toString();
    }

    @Test
    void userNextHookSetToFalseInTheCfgIsShownWithItsSourceAsTlcOnlyCallsItAction(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Hooks.tla"), HOOKS);
        ActionCoverage hook = new ActionCoverage("Action", "Hooks", 3, "line 3, col 17 to line 3, col 21 of module Hooks", "",
                false, 0, 0, List.of());
        String out = render(dir, false, hook);
        assertTrue(out.matches("(?s).*\\n  Action at FALSE \\(Hooks.tla:3\\)\\s+0\\s+0  NEVER TAKEN\\n.*"), out);
        assertTrue(render(dir, true, hook).contains("| `Action` at `FALSE` (Hooks.tla:3) | 0 | 0 | **NEVER TAKEN** |"), out);
    }

    @Test
    void actionStoppedByAnUncountedConstantConjunctNamesTheFirstExpressionNeverReached(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Hooks.tla"), HOOKS);
        ActionCoverage locked = new ActionCoverage("Locked", "Hooks", 4, "line 4, col 1 to line 4, col 6 of module Hooks", "",
                false, 0, 0, List.of(new ExpressionCoverage(0, "Hooks", 4, 11, "line 4, col 11 to line 4, col 15 of module Hooks",
                        0, OptionalLong.empty())));
        String out = render(dir, false, locked);
        assertTrue(out.contains("NEVER TAKEN: evaluation never reached x > 0 (Hooks.tla:4)"), out);
    }

    @Test
    void sourceTextIsLeftOutWhenTheModuleIsNotInTheSpecsDirectory(@TempDir Path dir) {
        ActionCoverage locked = new ActionCoverage("Locked", "Hooks", 4, "line 4, col 1 to line 4, col 6 of module Hooks", "",
                false, 0, 0, List.of(new ExpressionCoverage(0, "Hooks", 4, 11, "line 4, col 11 to line 4, col 15 of module Hooks",
                        0, OptionalLong.empty())));
        String out = render(dir, false, locked);
        assertTrue(out.contains("NEVER TAKEN: evaluation never reached Hooks.tla:4"), out);
    }
}
