package org.dmabufspec.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufspec.lockdep.Lockdep;
import org.dmabufspec.lockdep.Mode;
import org.junit.jupiter.api.Test;

class RuleTest {
    @Test
    void idsResolveToTheirRuleAndAnchor() {
        assertEquals(Rule.R5B, Rule.of("R5b"));
        assertEquals("r5b", Rule.R5B.anchor());
        assertEquals(Rule.ISOLATION_REFINEMENT, Rule.of("ISOLATION-REFINEMENT"));
        assertEquals(Rule.Kind.BUG, Rule.of("B12").kind());
    }

    @Test
    void anUnknownIdIsRefusedNamingTheCatalogue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rule.of("R99"));
        assertTrue(e.getMessage().contains("docs/rules.md"), e.getMessage());
    }

    @Test
    void lockdepRefusesToRecordAMisuseUnderAnUndefinedRule() {
        Lockdep lockdep = new Lockdep(Mode.RECORD);
        assertThrows(IllegalArgumentException.class, () -> lockdep.check(false, "R99", "op", "broken", null));
        assertEquals(false, lockdep.check(false, "R3", "op", "broken", null));
        assertEquals(List.of("R3"), lockdep.recorded().stream().map(m -> m.rule()).toList());
    }
}
