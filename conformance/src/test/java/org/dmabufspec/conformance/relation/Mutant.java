package org.dmabufspec.conformance.relation;

import org.dmabufspec.tlc.TlaValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A deliberately wrong copy of a relation for the graph-comparison tests: the real relation's
 * encoding and constraint, with other initial states or other steps. The tests show that
 * {@link GraphComparison} tells it apart from TLC's graph.
 *
 * @param real          the faithful relation
 * @param initialStates the mutant's initial states
 * @param steps         the mutant's steps from a state
 */
public record Mutant<S>(SpecRelation<S> real, Optional<Set<S>> initialStates, Function<S, List<Transition<S>>> steps)
        implements SpecRelation<S> {

    /** The real relation's steps replaced by {@code steps}. */
    public static <S> Mutant<S> replacing(SpecRelation<S> real, Function<S, List<Transition<S>>> steps) {
        return new Mutant<>(real, real.initialStates(), steps);
    }

    /** The real relation's steps from each state, as {@code alter} changes them. */
    public static <S> Mutant<S> altering(SpecRelation<S> real, BiFunction<S, List<Transition<S>>, List<Transition<S>>> alter) {
        return replacing(real, s -> alter.apply(s, real.next(s)));
    }

    /** The real relation's steps plus {@code extra}. */
    public static <S> Mutant<S> adding(SpecRelation<S> real, Function<S, List<Transition<S>>> extra) {
        return altering(real, (s, steps) -> {
            List<Transition<S>> out = new ArrayList<>(steps);
            out.addAll(extra.apply(s));
            return out;
        });
    }

    /** The real relation with other initial states. */
    public static <S> Mutant<S> startingIn(SpecRelation<S> real, Set<S> initialStates) {
        return new Mutant<>(real, Optional.of(initialStates), real::next);
    }

    @Override
    public List<Transition<S>> next(S state) {
        return steps.apply(state);
    }

    @Override
    public boolean withinConstraint(S state) {
        return real.withinConstraint(state);
    }

    @Override
    public Map<String, TlaValue> encode(S state) {
        return real.encode(state);
    }

    @Override
    public S decode(Map<String, TlaValue> variables) {
        return real.decode(variables);
    }
}
