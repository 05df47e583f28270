package org.dmabufspec.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dmabufspec.cli.CounterexampleRenderer;
import org.dmabufspec.cli.report.SequenceDiagram.Change;
import org.dmabufspec.cli.report.SequenceDiagram.DiagramStep;
import org.dmabufspec.cli.report.SequenceDiagram.Lane;
import org.dmabufspec.cli.report.SequenceDiagram.Role;
import org.dmabufspec.tlc.Counterexample;
import org.dmabufspec.tlc.Step;
import org.dmabufspec.tlc.TlaValue;

/**
 * A TLC counterexample as a sequence diagram. The actors are the domain of the spec's {@code pc}
 * (importers in DmaBufAttach, processes in DmaResv and WwMutex): an action goes to the actor
 * whose entries it changed. Exporter, fence and device actions get their own lanes, found from
 * the action's name, with an arrow to the actor they changed.
 */
public final class CounterexampleDiagram {
    private CounterexampleDiagram() {
    }

    public static SequenceDiagram of(String title, Counterexample c, String ending) {
        List<Step> steps = c.steps();
        List<String> actors = actors(steps);
        List<String[]> ends = new ArrayList<>(); // per step: from, to
        Set<String> usedActors = new LinkedHashSet<>();
        Set<Role> usedRoles = new LinkedHashSet<>();
        boolean genericImporter = false;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            Role role = i == 0 ? Role.IMPORTER : role(s.action());
            Optional<String> actor = i == 0 ? Optional.empty() : touched(actors, steps.get(i - 1), s);
            String actorLane = actor.map(a -> "actor:" + a).orElse(null);
            String from;
            String to;
            if (role == Role.IMPORTER) {
                from = actorLane != null ? actorLane : "importer";
                to = from;
            } else if (role == Role.DEVICE) {
                from = actorLane != null ? actorLane : Role.DEVICE.text();
                to = Role.DEVICE.text();
            } else {
                from = role.text();
                to = actorLane != null ? actorLane : from;
            }
            actor.ifPresent(usedActors::add);
            if (role != Role.IMPORTER) {
                usedRoles.add(role);
            }
            if (from.equals("importer") && i > 0) {
                genericImporter = true;
            }
            ends.add(new String[] {from, to});
        }
        List<Lane> lanes = new ArrayList<>();
        for (String a : actors) {
            if (usedActors.contains(a)) {
                lanes.add(new Lane("actor:" + a, a, Role.IMPORTER));
            }
        }
        if (genericImporter || lanes.isEmpty() && usedRoles.isEmpty()) {
            lanes.add(new Lane("importer", "importer", Role.IMPORTER));
        }
        for (Role r : List.of(Role.EXPORTER, Role.FENCE, Role.DEVICE)) {
            if (usedRoles.contains(r)) {
                lanes.add(new Lane(r.text(), r.text(), r));
            }
        }
        // The initial state sits on the first lane drawn.
        ends.set(0, new String[] {lanes.get(0).id(), lanes.get(0).id()});
        List<DiagramStep> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            boolean last = i == steps.size() - 1;
            out.add(new DiagramStep(i + 1, i == 0 ? "initial state" : s.action(), ends.get(i)[0], ends.get(i)[1],
                    changes(i == 0 ? null : steps.get(i - 1), s), last && !ending.isBlank(), last ? ending.strip() : ""));
        }
        Optional<Integer> loop = c.loopIndex().isPresent() ? Optional.of(c.loopIndex().getAsInt() + 1) : Optional.empty();
        return new SequenceDiagram(title, lanes, out, loop);
    }

    /** The lane kind an action belongs to, from the kernel function its name is after. */
    static Role role(String action) {
        String a = (action.startsWith("MC") && action.length() > 2 ? action.substring(2) : action).toLowerCase(Locale.ROOT);
        if (a.contains("deviceaccess") || a.contains("devicedma") || a.startsWith("touch") || a.startsWith("cpuload")
                || a.startsWith("cpustore") || a.startsWith("cache")) {
            return Role.DEVICE;
        }
        if (a.startsWith("importer")) {
            return Role.IMPORTER;
        }
        if (a.startsWith("exporter") || a.contains("evict") || a.startsWith("dmabufmove") || a.contains("oldstorage")
                || a.contains("reuse") || a.startsWith("reassign")) {
            return Role.EXPORTER;
        }
        if (a.startsWith("dmafence") || a.contains("syncfile") || a.startsWith("vgemfence")) {
            return Role.FENCE;
        }
        return Role.IMPORTER;
    }

    /** The domain of {@code pc}, when the spec has one: its threads of control. */
    static List<String> actors(List<Step> steps) {
        if (steps.isEmpty() || !(steps.get(0).state().get("pc") instanceof TlaValue.Function f)) {
            return List.of();
        }
        return f.mappings().stream().map(m -> CounterexampleRenderer.inline(m.key())).toList();
    }

    /** The actor whose entries (function keys, set members) the step changed most often. */
    static Optional<String> touched(List<String> actors, Step before, Step after) {
        Map<String, Integer> count = new LinkedHashMap<>();
        for (String var : after.changed()) {
            TlaValue b = before.state().get(var);
            TlaValue a = after.state().get(var);
            for (String key : changedMembers(b, a)) {
                if (actors.contains(key)) {
                    count.merge(key, 1, Integer::sum);
                }
            }
        }
        return count.entrySet().stream()
                .max((x, y) -> x.getValue() != y.getValue().intValue() ? Integer.compare(x.getValue(), y.getValue())
                        : Integer.compare(actors.indexOf(y.getKey()), actors.indexOf(x.getKey())))
                .map(Map.Entry::getKey);
    }

    private static List<String> changedMembers(TlaValue b, TlaValue a) {
        List<String> out = new ArrayList<>();
        if (b instanceof TlaValue.Function fb && a instanceof TlaValue.Function fa) {
            for (TlaValue.Mapping m : fa.mappings()) {
                if (fb.mappings().stream().noneMatch(o -> o.equals(m))) {
                    out.add(CounterexampleRenderer.inline(m.key()));
                }
            }
        } else if (b instanceof TlaValue.SetValue sb && a instanceof TlaValue.SetValue sa) {
            sa.elements().stream().filter(e -> !sb.elements().contains(e)).forEach(e -> out.add(CounterexampleRenderer.inline(e)));
            sb.elements().stream().filter(e -> !sa.elements().contains(e)).forEach(e -> out.add(CounterexampleRenderer.inline(e)));
        } else if (a != null) {
            out.add(CounterexampleRenderer.inline(a));
        }
        return out;
    }

    /** Every variable of the initial state; afterwards what changed, per key for a function whose domain stayed. */
    static List<Change> changes(Step before, Step after) {
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, TlaValue> e : after.state().entrySet()) {
            String var = e.getKey();
            if (before != null && !after.changed().contains(var)) {
                continue;
            }
            TlaValue a = e.getValue();
            TlaValue b = before == null ? null : before.state().get(var);
            if (b instanceof TlaValue.Function fb && a instanceof TlaValue.Function fa && sameDomain(fb, fa)) {
                for (TlaValue.Mapping m : fa.mappings()) {
                    if (fb.mappings().stream().noneMatch(o -> o.equals(m))) {
                        out.add(new Change(var + "[" + CounterexampleRenderer.inline(m.key()) + "]",
                                CounterexampleRenderer.inline(m.value())));
                    }
                }
            } else {
                out.add(new Change(var, CounterexampleRenderer.inline(a)));
            }
        }
        return out;
    }

    private static boolean sameDomain(TlaValue.Function a, TlaValue.Function b) {
        return a.mappings().size() == b.mappings().size() && a.mappings().stream()
                .allMatch(m -> b.mappings().stream().anyMatch(o -> o.key().equals(m.key())));
    }
}
