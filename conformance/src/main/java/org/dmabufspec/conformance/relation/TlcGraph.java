package org.dmabufspec.conformance.relation;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * One model's full state graph as TLC enumerated it, with the constants TLC printed for the
 * relation.
 *
 * @param oneStep true when the model's CONSTRAINT is the inductive-invariant idiom
 *                {@code TLCGet("level") = 0}: then only the initial states are expanded, and the
 *                dump holds every step from them (see {@link TlcGraphRunner})
 * @param tlcTime the TLC run's wall-clock time
 */
public record TlcGraph(Model model, DotGraph graph, Map<String, TlaValue> constants, boolean oneStep, Duration tlcTime) {
    public TlcGraph {
        constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
    }
}
