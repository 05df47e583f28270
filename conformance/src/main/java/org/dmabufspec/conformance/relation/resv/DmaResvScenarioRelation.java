package org.dmabufspec.conformance.relation.resv;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;

/**
 * A DmaResvScenario module: {@code Step(n, A) == step = n /\ A /\ step' = n + 1} for each step
 * of its {@link ResvScript}, and {@code Done(n) == step = n /\ UNCHANGED svars} after the last.
 */
public final class DmaResvScenarioRelation implements SpecRelation<ScenarioState> {
    private final DmaResv spec;
    private final ResvScript script;

    public DmaResvScenarioRelation(DmaResv spec, ResvScript script) {
        this.spec = spec;
        this.script = script;
    }

    /** ScenarioInit == Init /\ step = 0 (StInit adds usage \in Usages). */
    @Override
    public Optional<Set<ScenarioState>> initialStates() {
        Set<ScenarioState> init = new HashSet<>();
        for (OptionalInt usage : script.initialUsages()) {
            init.add(new ScenarioState(spec.init(), 0, usage));
        }
        return Optional.of(init);
    }

    @Override
    public List<Transition<ScenarioState>> next(ScenarioState s) {
        List<Transition<ScenarioState>> out = new ArrayList<>();
        int n = s.step();
        if (n < script.steps().size()) {
            for (ResvState r : script.steps().get(n).run(s)) {
                out.add(new Transition<>(script.stepLabel(), new ScenarioState(r, n + 1, s.usage())));
            }
        } else if (n == script.steps().size()) {
            out.add(new Transition<>(script.doneLabel(), s));
        }
        return out;
    }

    @Override
    public Map<String, TlaValue> encode(ScenarioState s) {
        Map<String, TlaValue> out = new LinkedHashMap<>(ResvCodec.encode(s.resv()));
        out.put("step", Tla.integer(s.step()));
        s.usage().ifPresent(u -> out.put("usage", Tla.integer(u)));
        return out;
    }

    @Override
    public ScenarioState decode(Map<String, TlaValue> variables) {
        TlaValue step = variables.get("step");
        if (step == null) {
            throw new IllegalArgumentException("DmaResvScenario state has no variable 'step'");
        }
        TlaValue usage = variables.get("usage");
        return new ScenarioState(ResvCodec.decode(variables), (int) Tla.asLong(step),
                usage == null ? OptionalInt.empty() : OptionalInt.of((int) Tla.asLong(usage)));
    }
}
