package org.dmabufspec.conformance.relation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmabufspec.tlc.TlaValue;

/**
 * Building and reading {@link TlaValue}s in relations' encode/decode. TLC prints one TLA+
 * function as a record, a sequence or {@code (k :> v @@ ...)} depending on its domain; the
 * readers here accept every form, and the graph comparison is insensitive to which form and
 * to element order.
 */
public final class Tla {
    private Tla() {
    }

    public static TlaValue integer(long v) {
        return TlaValue.Int.of(v);
    }

    public static TlaValue str(String s) {
        return new TlaValue.Str(s);
    }

    public static TlaValue bool(boolean b) {
        return new TlaValue.Bool(b);
    }

    public static TlaValue model(String name) {
        return new TlaValue.ModelValue(name);
    }

    public static TlaValue set(Collection<? extends TlaValue> elements) {
        return new TlaValue.SetValue(List.copyOf(elements));
    }

    public static TlaValue seq(List<? extends TlaValue> elements) {
        return new TlaValue.Sequence(List.copyOf(elements));
    }

    /** A function with any domain, e.g. {@code [f \in Fences |-> ...]}. */
    public static TlaValue fcn(Map<? extends TlaValue, ? extends TlaValue> map) {
        List<TlaValue.Mapping> ms = new ArrayList<>();
        map.forEach((k, v) -> ms.add(new TlaValue.Mapping(k, v)));
        return new TlaValue.Function(ms);
    }

    /** A record {@code [field |-> value, ...]}. */
    public static TlaValue record(Map<String, ? extends TlaValue> fields) {
        return new TlaValue.Record(new LinkedHashMap<>(fields));
    }

    public static long asLong(TlaValue v) {
        if (v instanceof TlaValue.Int i) {
            return i.value().longValueExact();
        }
        throw new IllegalArgumentException("not an integer: " + v.toTla());
    }

    public static BigInteger asInteger(TlaValue v) {
        if (v instanceof TlaValue.Int i) {
            return i.value();
        }
        throw new IllegalArgumentException("not an integer: " + v.toTla());
    }

    public static String asString(TlaValue v) {
        if (v instanceof TlaValue.Str s) {
            return s.value();
        }
        throw new IllegalArgumentException("not a string: " + v.toTla());
    }

    public static boolean asBool(TlaValue v) {
        if (v instanceof TlaValue.Bool b) {
            return b.value();
        }
        throw new IllegalArgumentException("not a boolean: " + v.toTla());
    }

    /** A model value's name. */
    public static String asModel(TlaValue v) {
        if (v instanceof TlaValue.ModelValue m) {
            return m.name();
        }
        throw new IllegalArgumentException("not a model value: " + v.toTla());
    }

    public static List<TlaValue> asSet(TlaValue v) {
        if (v instanceof TlaValue.SetValue s) {
            return s.elements();
        }
        throw new IllegalArgumentException("not a set: " + v.toTla());
    }

    /** A sequence; the empty function/record prints as {@code <<>>} too. */
    public static List<TlaValue> asSeq(TlaValue v) {
        if (v instanceof TlaValue.Sequence s) {
            return s.elements();
        }
        Map<TlaValue, TlaValue> m = asFcn(v);
        List<TlaValue> out = new ArrayList<>();
        for (int i = 1; i <= m.size(); i++) {
            TlaValue e = m.get(TlaValue.Int.of(i));
            if (e == null) {
                throw new IllegalArgumentException("not a sequence: " + v.toTla());
            }
            out.add(e);
        }
        return out;
    }

    /** Any function value as a map from domain element to value, in TLC's printed order. */
    public static Map<TlaValue, TlaValue> asFcn(TlaValue v) {
        Map<TlaValue, TlaValue> m = new LinkedHashMap<>();
        if (v instanceof TlaValue.Function f) {
            f.mappings().forEach(x -> m.put(x.key(), x.value()));
        } else if (v instanceof TlaValue.Record r) {
            r.fields().forEach((k, x) -> m.put(new TlaValue.Str(k), x));
        } else if (v instanceof TlaValue.Sequence s) {
            for (int i = 0; i < s.elements().size(); i++) {
                m.put(TlaValue.Int.of(i + 1), s.elements().get(i));
            }
        } else {
            throw new IllegalArgumentException("not a function: " + v.toTla());
        }
        return m;
    }

    /** A record's fields (a function on strings). */
    public static Map<String, TlaValue> asRecord(TlaValue v) {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        asFcn(v).forEach((k, x) -> out.put(asString(k), x));
        return out;
    }
}
