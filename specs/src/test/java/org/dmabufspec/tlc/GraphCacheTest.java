package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk graph cache between the specs and conformance modules: its key, its entries, what it stores. */
class GraphCacheTest {
    private static final String SPEC = """
            ---- MODULE Spec ----
            EXTENDS Naturals
            CONSTANTS Procs, \\* the threads
                      Max, Op(_)
            (* CONSTANT Commented *)
            CONSTANT NoProc
            VARIABLE x
            Init == x = 0
            Next == x < Max /\\ x' = x + 1
            Spec == Init /\\ [][Next]_x
            ====
            """;

    private static Model model(String cfg) {
        return new Model("M", "Spec.tla", cfg, "-", new Expectation.Ok(), Tier.DEFAULT, Optional.empty(), List.of(),
                List.of(), 1);
    }

    @Test
    void declaredConstantsAreTheArgumentFreeNamesOfConstantDeclarationsOutsideComments() {
        assertEquals(Set.of("Procs", "Max", "NoProc"), GraphCache.declaredConstants(SPEC));
    }

    @Test
    void theKeyChangesWithAnySpecFileAndWithTheModelsCfgOrOptions(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Spec.tla"), SPEC);
        Files.writeString(dir.resolve("Spec.cfg"), "CONSTANTS\n  Max = 2\nSPECIFICATION Spec\n");
        Files.writeString(dir.resolve("Other.tla"), "---- MODULE Other ----\n====\n");
        String before = GraphCache.key(dir, model("Spec.cfg"));
        assertEquals(before, GraphCache.key(dir, model("Spec.cfg")));
        Files.writeString(dir.resolve("Other.tla"), "---- MODULE Other ----\nX == 1\n====\n");
        String edited = GraphCache.key(dir, model("Spec.cfg"));
        assertNotEquals(before, edited);
        assertNotEquals(edited, GraphCache.key(dir, model("Other.cfg")));
        Model withOption = new Model("M", "Spec.tla", "Spec.cfg", "-", new Expectation.Ok(), Tier.DEFAULT,
                Optional.empty(), List.of("-deadlock"), List.of(), 1);
        assertNotEquals(edited, GraphCache.key(dir, withOption));
    }

    @Test
    void printedConstantsAreTheDeclaredOnesTheCfgGivesAValue(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Spec.tla"), SPEC);
        TlcConfig cfg = TlcConfig.parse("CONSTANTS\n  Procs = {p1, p2}  NoProc = NoProc\n  Max = 2\n  Op <- MCOp\n"
                + "  Next <- MCNext\nSPECIFICATION Spec\n");
        assertEquals(List.of("Procs", "NoProc", "Max"), GraphCache.printableConstants(cfg, dir, "Spec"));
    }

    @Test
    void aModelWithFairnessAndAPropertyOrAOneStepConstraintIsNotStored(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Spec.tla"), SPEC);
        Files.writeString(dir.resolve("Fair.tla"), "---- MODULE Fair ----\nEXTENDS Spec\nFairSpec == Spec /\\ WF_x(Next)\n"
                + "Done == <>(x = Max)\nOneStep == TLCGet(\"level\") = 0\n====\n");
        Files.writeString(dir.resolve("Spec.cfg"), "CONSTANTS Max = 2\nSPECIFICATION Spec\nINVARIANT Inv\n");
        Files.writeString(dir.resolve("Live.cfg"), "CONSTANTS Max = 2\nSPECIFICATION FairSpec\nPROPERTY Done\n");
        Files.writeString(dir.resolve("Ind.cfg"), "CONSTANTS Max = 2\nSPECIFICATION Spec\nCONSTRAINT OneStep\n");
        GraphCache cache = GraphCache.at(dir.resolve("cache"));
        Model safety = model("Spec.cfg");
        Model live = new Model("L", "Fair.tla", "Live.cfg", "-", new Expectation.Ok(), Tier.DEFAULT, Optional.empty(),
                List.of(), List.of(), 1);
        Model inductive = new Model("I", "Fair.tla", "Ind.cfg", "-", new Expectation.Ok(), Tier.DEFAULT, Optional.empty(),
                List.of(), List.of(), 1);
        Optional<GraphCache.Recording> r = cache.recording(dir, safety);
        assertTrue(r.isPresent());
        r.get().discard();
        assertTrue(cache.recording(dir, live).isEmpty());
        assertTrue(cache.recording(dir, inductive).isEmpty());
    }

    @Test
    void aStoredGraphIsFoundForTheSameSpecsOnlyAndAFailedRunStoresNothing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Spec.tla"), SPEC);
        Files.writeString(dir.resolve("Spec.cfg"), "CONSTANTS Max = 2\nSPECIFICATION Spec\n");
        GraphCache cache = GraphCache.at(dir.resolve("cache"));
        Model m = model("Spec.cfg");
        assertTrue(cache.lookup(dir, m).isEmpty());
        String output = "<< \"" + GraphCache.CONSTANTS_TAG + "\",\n   <<\"Max\", 2>> >>\n";

        GraphCache.Recording failed = cache.recording(dir, m).orElseThrow();
        Files.writeString(Path.of(failed.tlcOptions().get(2)), "strict digraph DiskGraph {\n}\n");
        failed.store(new TlcResult(new Verdict.Deadlock(), 0, 0, OptionalLong.empty(), Duration.ofMillis(5), Optional.empty(), 12, output));
        assertTrue(cache.lookup(dir, m).isEmpty());

        GraphCache.Recording ok = cache.recording(dir, m).orElseThrow();
        Files.writeString(Path.of(ok.tlcOptions().get(2)), "strict digraph DiskGraph {\n}\n");
        ok.store(new TlcResult(new Verdict.Ok(), 1, 1, OptionalLong.of(1), Duration.ofMillis(1234), Optional.empty(), 0, output));
        GraphCache.Entry e = cache.lookup(dir, m).orElseThrow();
        assertEquals(TlaValue.Int.of(2), e.constants().get("Max"));
        assertEquals(Duration.ofMillis(1234), e.tlcTime());
        assertTrue(Files.readString(e.dot()).startsWith("strict digraph"));

        Files.writeString(dir.resolve("Spec.tla"), SPEC.replace("x < Max", "x <= Max"));
        assertTrue(cache.lookup(dir, m).isEmpty(), "an edited spec is a miss");
        assertFalse(Files.list(dir.resolve("cache")).anyMatch(p -> p.toString().endsWith(".dot")), "no part file left");
    }

    @Test
    void instrumentedActionsAreNamedAsThePlainRunNamesThem() {
        assertEquals("DmaBufAttach", GraphCache.actionName("DmabufCov_DmaBufAttach"));
        assertEquals("Signal", GraphCache.actionName("Signal"));
    }
}
