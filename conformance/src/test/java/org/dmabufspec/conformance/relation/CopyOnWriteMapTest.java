package org.dmabufspec.conformance.relation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CopyOnWriteMapTest {
    private final Map<String, String> state = Map.of("a1", "attached", "a2", "detached");

    @Test
    void anUnchangedVariableIsThePredecessorsMapItself() {
        CopyOnWriteMap<String, String> m = new CopyOnWriteMap<>(state);
        assertEquals("attached", m.get("a1"));
        assertEquals(state, m);
        assertSame(state, m.result());
        assertSame(state, Map.copyOf(m.result()));
    }

    @Test
    void aWriteChangesTheSuccessorOnly() {
        CopyOnWriteMap<String, String> m = new CopyOnWriteMap<>(state);
        m.put("a1", "mapped");
        m.remove("a2");
        assertEquals(Map.of("a1", "mapped"), m.result());
        assertEquals(Map.of("a1", "attached", "a2", "detached"), state);
        m.replaceAll((k, v) -> v.toUpperCase(java.util.Locale.ROOT));
        assertEquals(Map.of("a1", "MAPPED"), m);
    }

    @Test
    void writingThroughAViewBeforeTheFirstWriteFailsLoudly() {
        CopyOnWriteMap<String, String> m = new CopyOnWriteMap<>(state);
        assertThrows(UnsupportedOperationException.class, () -> m.keySet().remove("a1"));
        assertEquals(Set.of("a1", "a2"), state.keySet());
    }

    @Test
    void frozenSetsOfAnUnchangedVariableIsTheSameMap() {
        Map<String, Set<String>> attachments = Map.of("b1", Set.of("a1"), "b2", Set.of());
        assertSame(attachments, Frozen.sets(attachments));
        Map<String, Set<String>> changed = new java.util.HashMap<>(attachments);
        changed.put("b2", new java.util.TreeSet<>(Set.of("a2")));
        Map<String, Set<String>> frozen = Frozen.sets(changed);
        assertEquals(Map.of("b1", Set.of("a1"), "b2", Set.of("a2")), frozen);
        assertThrows(UnsupportedOperationException.class, () -> frozen.get("b2").add("a3"));
    }
}
