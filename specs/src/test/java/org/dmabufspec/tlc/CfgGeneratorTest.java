package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The cfgs of specs/tla are generated from specs/models.yaml (families and entries); they must never drift. */
class CfgGeneratorTest {
    private static final Path FILE = Path.of("models.yaml");

    private static final String FAMILY = """
            families:
              Counter:
                cfg: |
                  CONSTANTS
                      a = a  b = b
                      Max = 3
                      Step <- MCStep
                  SPECIFICATION Spec
                  \\* the model ends at Max
                  CHECK_DEADLOCK FALSE
                  INVARIANT
                      TypeOK
                      Small  \\* the bound
                  PROPERTY
                      Live
            models:
            """;

    private static String entry(String name, String extra) {
        return "  - name: " + name + "\n    module: Counter.tla\n    cfg: " + name + ".cfg\n"
                + "    demonstrates: x\n    expect: ok\n    tier: default\n" + extra;
    }

    private static String generate(String yaml) {
        List<CfgGenerator.Generated> g = CfgGenerator.generate(yaml, FILE);
        assertEquals(1, g.size());
        return g.get(0).text();
    }

    private static String problems(String yaml) {
        return String.join("\n", assertThrows(ManifestException.class, () -> CfgGenerator.generate(yaml, FILE)).problems());
    }

    @Test
    void committedCfgsAreTheManifestsOutput() throws Exception {
        List<CfgGenerator.Generated> generated = CfgGenerator.generate(Path.of("models.yaml"));
        assertEquals(Manifest.ofSpecsDir(Path.of(".")).models().size(), generated.size());
        List<CfgGenerator.Stale> stale = CfgGenerator.check(generated, Path.of("tla"));
        assertTrue(stale.isEmpty(), stale.size() + " cfg(s) differ from specs/models.yaml (regenerate them with `"
                + CfgGenerator.COMMAND + "`, or edit the entry rather than the cfg):\n"
                + stale.stream().limit(20).map(CfgGenerator.Stale::message).collect(Collectors.joining("\n")));
    }

    @Test
    void anEntryWithoutDifferencesIsTheFamilysBodyUnderItsHeader() {
        String cfg = generate(FAMILY + entry("Plain", "    family: Counter\n    comment: |\n      Must pass.\n"));
        assertEquals("""
                \\* Generated from specs/models.yaml (entry Plain, family Counter) by `./dmabuf cfgs --write`: edit the manifest, not this file.
                \\* Must pass.
                CONSTANTS
                    a = a  b = b
                    Max = 3
                    Step <- MCStep

                SPECIFICATION Spec
                \\* the model ends at Max
                CHECK_DEADLOCK FALSE
                INVARIANT
                    TypeOK
                    Small  \\* the bound
                PROPERTY Live
                """, cfg);
    }

    @Test
    void anEntryOverridesConstantsInPlaceAndEditsTheLists() {
        String cfg = generate(FAMILY + entry("Mutant", """
                    family: Counter
                    constants: |
                      Step <- BadStep
                      Extra = {a, b}
                    drop_constants: [Max]
                    init: Init
                    next: Next
                    check_deadlock: true
                    invariants: [Small]
                    add_properties: [Fair]
                """));
        assertEquals("""
                \\* Generated from specs/models.yaml (entry Mutant, family Counter) by `./dmabuf cfgs --write`: edit the manifest, not this file.
                CONSTANTS
                    a = a  b = b
                    Step <- BadStep
                    Extra = {a, b}

                INIT Init
                NEXT Next
                INVARIANT Small  \\* the bound
                PROPERTY
                    Live
                    Fair
                """, cfg);
    }

    @Test
    void anUnknownFamilyIsNamedWithTheEntrysLineAndField() {
        String p = problems(FAMILY + entry("Lost", "    family: Countr\n"));
        assertTrue(p.contains("models.yaml:17: entry 'Lost': field 'family': unknown family 'Countr' (known: Counter)"), p);
    }

    @Test
    void anUnknownFieldIsNamedInAnEntryAndInAFamily() {
        String p = problems(FAMILY.replace("    cfg: |", "    cgf: x\n    cfg: |")
                + entry("Typo", "    family: Counter\n    add_invariant: [Big]\n"));
        assertTrue(p.contains("models.yaml:2: family 'Counter': unknown field 'cgf' (known: cfg)"), p);
        assertTrue(p.contains("models.yaml:18: entry 'Typo': unknown field 'add_invariant' (known: "), p);
    }

    @Test
    void droppingWhatTheFamilyLacksAndBadBindingsAreReported() {
        String p = problems(FAMILY + entry("Bad", """
                    family: Counter
                    drop_invariants: [Big]
                    drop_constants: [Min]
                    constants: |
                      Max = 4
                      Step MCStep
                """));
        assertTrue(p.contains("entry 'Bad': field 'drop_invariants': 'Big' is not in the family's INVARIANT"), p);
        assertTrue(p.contains("entry 'Bad': field 'drop_constants': the family binds no constant 'Min'"), p);
        assertTrue(p.contains("entry 'Bad': field 'constants': line 2 of the block: constant Step: expected `Step = value`"), p);
    }

    @Test
    void aSyntaxErrorInAFamilyNamesItsManifestLine() {
        String p = problems(FAMILY.replace("      Max = 3", "      Max 3") + entry("X", "    family: Counter\n"));
        assertTrue(p.contains("models.yaml:6: family 'Counter': field 'cfg': constant Max"), p);
    }

    @Test
    void anEntryWithoutFamilyOrSpecIsReported() {
        String p = problems(FAMILY + entry("Bare", "    invariants: [Inv]\n"));
        assertTrue(p.contains("entry 'Bare': no SPECIFICATION and no INIT/NEXT"), p);
    }

    @Test
    void aStaleCfgIsNamedWithItsFirstDifferingLine() {
        assertEquals(java.util.Optional.of(3), CfgGenerator.firstDifference("a\nb\nc\n", "a\nb\nC\n"));
        assertEquals(java.util.Optional.empty(), CfgGenerator.firstDifference("a\n", "a\n"));
        assertEquals("tla/X.cfg:3: differs from its entry in specs/models.yaml: expected 'c', found 'C'",
                new CfgGenerator.Stale("X.cfg", 3, "c", "C").message());
    }
}
