package org.dmabufspec.cli;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.dmabufspec.tlc.Counterexample;
import org.dmabufspec.tlc.Step;
import org.dmabufspec.tlc.TlaValue;

/**
 * A counterexample as a kernel developer reads it: per step the action (a kernel function name)
 * and only what changed; model values and strings as-is, functions as {@code key ↦ value} lines,
 * and for a changed function only the keys whose value changed.
 */
public final class CounterexampleRenderer {
    private static final int INLINE_WIDTH = 72;

    private CounterexampleRenderer() {
    }

    static String render(Counterexample c) {
        StringBuilder b = new StringBuilder();
        List<Step> steps = c.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            boolean loopsHere = c.loopIndex().isPresent() && c.loopIndex().getAsInt() == i;
            b.append(String.format("%s%d. %s%s%n", loopsHere ? "@ " : "", i + 1, s.action(),
                    s.location().isEmpty() ? "" : "   (" + s.location() + ")"));
            Map<String, TlaValue> prev = i == 0 ? null : steps.get(i - 1).state();
            for (Map.Entry<String, TlaValue> e : s.state().entrySet()) {
                if (prev != null && !s.changed().contains(e.getKey())) {
                    continue;
                }
                b.append(variable(e.getKey(), prev == null ? null : prev.get(e.getKey()), e.getValue()));
            }
            if (prev != null && s.changed().isEmpty()) {
                b.append("    (no variable changed)\n");
            }
        }
        if (c.loopIndex().isPresent()) {
            int l = c.loopIndex().getAsInt();
            b.append(l == steps.size() - 1
                    ? String.format("then state %d repeats forever (stuttering)%n", l + 1)
                    : String.format("then back to state %d (marked @): the behaviour loops forever%n", l + 1));
        }
        return b.toString();
    }

    private static String variable(String name, TlaValue before, TlaValue after) {
        if (before instanceof TlaValue.Function fb && after instanceof TlaValue.Function fa) {
            List<TlaValue.Mapping> changed = fa.mappings().stream()
                    .filter(m -> fb.mappings().stream().noneMatch(o -> o.equals(m)))
                    .toList();
            boolean sameDomain = fb.mappings().size() == fa.mappings().size() && fa.mappings().stream()
                    .allMatch(m -> fb.mappings().stream().anyMatch(o -> o.key().equals(m.key())));
            if (sameDomain && changed.size() < fa.mappings().size()) {
                return "    " + name + " (changed keys):\n" + mappings(changed, "      ");
            }
        }
        String inline = inline(after);
        if (!(after instanceof TlaValue.Function f && !f.mappings().isEmpty()) && inline.length() <= INLINE_WIDTH) {
            return "    " + name + " = " + inline + "\n";
        }
        return "    " + name + ":\n" + block(after, "      ");
    }

    private static String block(TlaValue v, String indent) {
        if (v instanceof TlaValue.Function f) {
            return mappings(f.mappings(), indent);
        }
        if (v instanceof TlaValue.Record r) {
            return r.fields().entrySet().stream()
                    .map(e -> entry(e.getKey(), e.getValue(), indent, ":"))
                    .collect(Collectors.joining());
        }
        return indent + inline(v) + "\n";
    }

    private static String mappings(List<TlaValue.Mapping> ms, String indent) {
        return ms.stream().map(m -> entry(inline(m.key()), m.value(), indent, " ↦")).collect(Collectors.joining());
    }

    private static String entry(String key, TlaValue value, String indent, String arrow) {
        String inline = inline(value);
        boolean nested = value instanceof TlaValue.Function f && !f.mappings().isEmpty();
        if (!nested && indent.length() + key.length() + inline.length() <= INLINE_WIDTH + 4) {
            return indent + key + arrow + " " + inline + "\n";
        }
        return indent + key + arrow + "\n" + block(value, indent + "  ");
    }

    /** One-line rendering: strings and model values bare, sequences as ⟨⟩. */
    public static String inline(TlaValue v) {
        if (v instanceof TlaValue.Str s) {
            return s.value();
        } else if (v instanceof TlaValue.ModelValue m) {
            return m.name();
        } else if (v instanceof TlaValue.Int i) {
            return i.value().toString();
        } else if (v instanceof TlaValue.Bool b) {
            return b.value() ? "TRUE" : "FALSE";
        } else if (v instanceof TlaValue.SetValue s) {
            return s.elements().stream().map(CounterexampleRenderer::inline).collect(Collectors.joining(", ", "{", "}"));
        } else if (v instanceof TlaValue.Sequence s) {
            return s.elements().stream().map(CounterexampleRenderer::inline).collect(Collectors.joining(", ", "⟨", "⟩"));
        } else if (v instanceof TlaValue.Record r) {
            return r.fields().entrySet().stream().map(e -> e.getKey() + ": " + inline(e.getValue()))
                    .collect(Collectors.joining(", ", "[", "]"));
        } else if (v instanceof TlaValue.Function f) {
            return f.mappings().stream().map(m -> inline(m.key()) + " ↦ " + inline(m.value()))
                    .collect(Collectors.joining(", ", "(", ")"));
        }
        return Objects.toString(v);
    }
}
