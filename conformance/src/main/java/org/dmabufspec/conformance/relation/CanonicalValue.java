package org.dmabufspec.conformance.relation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.dmabufspec.tlc.TlaValue;

/**
 * The comparison form of a TLA+ value: sets sorted and deduplicated, and every function
 * (record, sequence, {@code (k :> v @@ ...)}) one {@link TlaValue.Function} sorted by key.
 * TLC's printed element order (strings in intern order) and printing form therefore never
 * matter; two values are the same TLA+ value iff their canonical forms are equal.
 */
public final class CanonicalValue {
    /** A total order on canonical values (the output of {@link #of}): by kind, then by content. */
    public static final Comparator<TlaValue> ORDER = CanonicalValue::compare;

    private CanonicalValue() {
    }

    public static TlaValue of(TlaValue v) {
        if (v instanceof TlaValue.SetValue s) {
            List<TlaValue> elems = new ArrayList<>();
            for (TlaValue e : s.elements()) {
                elems.add(of(e));
            }
            elems.sort(ORDER);
            List<TlaValue> distinct = new ArrayList<>();
            for (TlaValue e : elems) {
                if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(e)) {
                    distinct.add(e);
                }
            }
            return new TlaValue.SetValue(distinct);
        }
        if (v instanceof TlaValue.Record || v instanceof TlaValue.Sequence || v instanceof TlaValue.Function) {
            List<TlaValue.Mapping> ms = new ArrayList<>();
            for (Map.Entry<TlaValue, TlaValue> e : Tla.asFcn(v).entrySet()) {
                ms.add(new TlaValue.Mapping(of(e.getKey()), of(e.getValue())));
            }
            ms.sort((a, b) -> compare(a.key(), b.key()));
            return new TlaValue.Function(ms);
        }
        return v;
    }

    /** A canonical value printed as TLC would: sequences as {@code <<...>>}, records as {@code [f |-> v]}. */
    public static String display(TlaValue v) {
        if (v instanceof TlaValue.SetValue s) {
            return s.elements().stream().map(CanonicalValue::display).collect(Collectors.joining(", ", "{", "}"));
        }
        if (!(v instanceof TlaValue.Function f)) {
            return v.toTla();
        }
        List<TlaValue.Mapping> ms = f.mappings();
        boolean sequence = true;
        boolean record = !ms.isEmpty();
        for (int i = 0; i < ms.size(); i++) {
            sequence &= ms.get(i).key().equals(TlaValue.Int.of(i + 1));
            record &= ms.get(i).key() instanceof TlaValue.Str k && k.value().matches("[A-Za-z_][A-Za-z0-9_]*");
        }
        if (sequence) {
            return ms.stream().map(m -> display(m.value())).collect(Collectors.joining(", ", "<<", ">>"));
        }
        if (record) {
            return ms.stream().map(m -> ((TlaValue.Str) m.key()).value() + " |-> " + display(m.value()))
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        return ms.stream().map(m -> display(m.key()) + " :> " + display(m.value()))
                .collect(Collectors.joining(" @@ ", "(", ")"));
    }

    private static int rank(TlaValue v) {
        if (v instanceof TlaValue.Bool) {
            return 0;
        }
        if (v instanceof TlaValue.Int) {
            return 1;
        }
        if (v instanceof TlaValue.Str) {
            return 2;
        }
        if (v instanceof TlaValue.ModelValue) {
            return 3;
        }
        if (v instanceof TlaValue.SetValue) {
            return 4;
        }
        return 5; // a function in canonical form
    }

    private static int compare(TlaValue a, TlaValue b) {
        int r = Integer.compare(rank(a), rank(b));
        if (r != 0) {
            return r;
        }
        if (a instanceof TlaValue.Bool x && b instanceof TlaValue.Bool y) {
            return Boolean.compare(x.value(), y.value());
        }
        if (a instanceof TlaValue.Int x && b instanceof TlaValue.Int y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof TlaValue.Str x && b instanceof TlaValue.Str y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof TlaValue.ModelValue x && b instanceof TlaValue.ModelValue y) {
            return x.name().compareTo(y.name());
        }
        if (a instanceof TlaValue.SetValue x && b instanceof TlaValue.SetValue y) {
            return compareLists(x.elements(), y.elements());
        }
        List<TlaValue> fa = flatten(a instanceof TlaValue.Function ? a : of(a));
        List<TlaValue> fb = flatten(b instanceof TlaValue.Function ? b : of(b));
        return compareLists(fa, fb);
    }

    private static List<TlaValue> flatten(TlaValue canonicalFunction) {
        List<TlaValue> out = new ArrayList<>();
        for (TlaValue.Mapping m : ((TlaValue.Function) canonicalFunction).mappings()) {
            out.add(m.key());
            out.add(m.value());
        }
        return out;
    }

    private static int compareLists(List<TlaValue> a, List<TlaValue> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
