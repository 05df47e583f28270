package org.dmabufspec.conformance.relation.coherency;

import java.util.Map;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/** The variable line: [state |-> LineStates, val |-> Versions]. */
public record CacheLine(LineState state, int val) {

    /** Invalid == [state |-> "invalid", val |-> 0] */
    public static final CacheLine INVALID = new CacheLine(LineState.INVALID, 0);

    public static CacheLine clean(int val) {
        return new CacheLine(LineState.CLEAN, val);
    }

    public static CacheLine dirty(int val) {
        return new CacheLine(LineState.DIRTY, val);
    }

    public boolean isInvalid() {
        return state == LineState.INVALID;
    }

    public boolean isDirty() {
        return state == LineState.DIRTY;
    }

    TlaValue encode() {
        return Tla.record(Map.of("state", Tla.str(state.tla()), "val", Tla.integer(val)));
    }

    static CacheLine decode(TlaValue v) {
        Map<String, TlaValue> r = CoherencyState.fields(v, "line", "state", "val");
        return new CacheLine(
                TlaEnum.parse(LineState.class, CoherencyState.string(r.get("state"), "line.state"), "line.state"),
                CoherencyState.version(r.get("val"), "line.val"));
    }
}
