package org.dmabufspec.conformance.testgen;

import java.util.Map;
import java.util.TreeMap;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/** For planners that read TLC's states by variable rather than through a Java relation's decoder. */
public final class StateValues {
    private StateValues() {
    }

    /** A model value's name, a string's text, a Boolean's "true"/"false". */
    public static String name(TlaValue v) {
        if (v instanceof TlaValue.ModelValue m) {
            return m.name();
        }
        if (v instanceof TlaValue.Str s) {
            return s.value();
        }
        if (v instanceof TlaValue.Bool b) {
            return String.valueOf(b.value());
        }
        throw new IllegalArgumentException("not a name: " + v.toTla());
    }

    /** The function-valued variable {@code var} of {@code state}, keys and values by {@link #name}, in key order. */
    public static Map<String, String> fcn(Map<String, TlaValue> state, String var) {
        Map<String, String> out = new TreeMap<>();
        Tla.asFcn(state.get(var)).forEach((k, v) -> out.put(name(k), name(v)));
        return out;
    }
}
