package org.dmabufspec.conformance.relation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.tlc.TlaValue;

/**
 * One model's transition relation written in Java: the second copy of a spec that a fast checker
 * needs. {@code StateGraphEqualityTest} proves it equal to TLC's state graph of the same model
 * ({@code -dump dot,actionlabels}): same initial states, and from every reachable state the same
 * set of (action, successor) pairs.
 *
 * @param <S> the Java state, one field per TLA+ variable of the model (MC variables included)
 */
public interface SpecRelation<S> {

    /** The initial states, or empty when the model's Init is a predicate TLC enumerates (inductive-invariant models). */
    Optional<Set<S>> initialStates();

    /**
     * Every enabled step: the action name exactly as TLC labels the edge (the Next disjunct's
     * operator name) and the successor. Stuttering steps an action allows are included.
     */
    List<Transition<S>> next(S state);

    /**
     * False for states the model's CONSTRAINT excludes: TLC drops such a successor (no node, no
     * edge). The inductive-invariant idiom {@code TLCGet("level") = 0} is not the relation's: the
     * harness handles it ({@link TlcGraphRunner}).
     */
    default boolean withinConstraint(S state) {
        return true;
    }

    /** The state as TLA+ values, one entry per variable, named as in the spec. */
    Map<String, TlaValue> encode(S state);

    /** The inverse of {@link #encode}, for states read from TLC's dump. */
    S decode(Map<String, TlaValue> variables);
}
