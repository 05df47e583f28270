package org.dmabufspec.conformance.relation.fence;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/** The state of an MCDmaFence_St scenario: DmaFence's variables plus the test's {@code step} and {@code ret}. */
public record StState(DmaFenceVars fence, long step, long ret) {

    public Map<String, TlaValue> encode() {
        Map<String, TlaValue> out = new LinkedHashMap<>(fence.encode());
        out.put("step", Tla.integer(step));
        out.put("ret", Tla.integer(ret));
        return out;
    }

    public static StState decode(Map<String, TlaValue> vars) {
        return new StState(DmaFenceVars.decode(vars), integer(vars, "step"), integer(vars, "ret"));
    }

    private static long integer(Map<String, TlaValue> vars, String name) {
        TlaValue v = vars.get(name);
        if (v == null) {
            throw new IllegalArgumentException("MCDmaFence_St state has no variable " + name);
        }
        try {
            return Tla.asLong(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("MCDmaFence_St variable " + name + ": " + e.getMessage(), e);
        }
    }
}
