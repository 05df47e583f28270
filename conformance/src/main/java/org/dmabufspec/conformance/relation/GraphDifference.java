package org.dmabufspec.conformance.relation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.tlc.TlaValue;

/** One way a Java relation differs from TLC's state graph of the same model. */
public sealed interface GraphDifference {

    /** Readable, several lines: the state in {@code /\ var = value} form and what differs. */
    String describe();

    record InitialOnlyInTlc(CanonicalState state) implements GraphDifference {
        @Override
        public String describe() {
            return "initial state only in TLC:\n" + indent(show(state));
        }
    }

    record InitialOnlyInJava(CanonicalState state) implements GraphDifference {
        @Override
        public String describe() {
            return "initial state only in the Java relation:\n" + indent(show(state));
        }
    }

    /** A step TLC takes that the relation does not (or leads elsewhere). */
    record StepOnlyInTlc(CanonicalState from, String action, CanonicalState to) implements GraphDifference {
        @Override
        public String describe() {
            return "step " + action + " only in TLC, from\n" + indent(show(from)) + "\n  to (changes): " + changes(from, to);
        }
    }

    /** A step the relation takes that TLC does not. */
    record StepOnlyInJava(CanonicalState from, String action, CanonicalState to) implements GraphDifference {
        @Override
        public String describe() {
            return "step " + action + " only in the Java relation, from\n" + indent(show(from)) + "\n  to (changes): "
                    + changes(from, to);
        }
    }

    /** decode failed, or encode(decode(s)) is not s. */
    record NotRepresentable(CanonicalState state, String problem) implements GraphDifference {
        @Override
        public String describe() {
            return "TLC state the relation cannot represent (" + problem + "):\n" + indent(show(state));
        }
    }

    /** The relation's next (or withinConstraint, or encode of a successor) threw on a TLC state. */
    record NextFailed(CanonicalState state, String problem) implements GraphDifference {
        @Override
        public String describe() {
            return "the Java relation fails on this TLC state (" + problem + "):\n" + indent(show(state));
        }
    }

    static String show(CanonicalState s) {
        List<String> lines = new ArrayList<>();
        s.variables().forEach((k, v) -> lines.add("/\\ " + k + " = " + CanonicalValue.display(v)));
        return String.join("\n", lines);
    }

    /** The variables that differ, as {@code var: before -> after}; "no change" for a stutter. */
    static String changes(CanonicalState from, CanonicalState to) {
        Set<String> names = new TreeSet<>(from.variables().keySet());
        names.addAll(to.variables().keySet());
        List<String> out = new ArrayList<>();
        for (String n : names) {
            TlaValue a = from.variables().get(n);
            TlaValue b = to.variables().get(n);
            if (a == null || b == null || !a.equals(b)) {
                out.add(change(n, a, b));
            }
        }
        return out.isEmpty() ? "no change (stuttering step)" : String.join("; ", out);
    }

    /** {@code var: a -> b}, or per changed key {@code var[k]: a -> b} for functions with one domain. */
    private static String change(String name, TlaValue a, TlaValue b) {
        if (a instanceof TlaValue.Function fa && b instanceof TlaValue.Function fb && fa.mappings().size() == fb.mappings().size()) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < fa.mappings().size(); i++) {
                TlaValue.Mapping x = fa.mappings().get(i);
                TlaValue.Mapping y = fb.mappings().get(i);
                if (!x.key().equals(y.key())) {
                    keys.clear();
                    break;
                }
                if (!x.value().equals(y.value())) {
                    keys.add(change(name + "[" + CanonicalValue.display(x.key()) + "]", x.value(), y.value()));
                }
            }
            if (!keys.isEmpty()) {
                return String.join("; ", keys);
            }
        }
        return name + ": " + (a == null ? "(absent)" : CanonicalValue.display(a)) + " -> "
                + (b == null ? "(absent)" : CanonicalValue.display(b));
    }

    private static String indent(String s) {
        return "    " + s.replace("\n", "\n    ");
    }
}
