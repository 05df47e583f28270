package org.dmabufspec.conformance.relation;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.dmabufspec.tlc.TlaValue;

/**
 * How a relation's codec tells one model's model values from the spec's string sentinels (e.g.
 * {@code "nobody"}): a name is a model value if the model declares it, a string otherwise.
 */
public record ModelNames(Set<String> modelValues) {

    public ModelNames {
        modelValues = Set.copyOf(modelValues);
    }

    public TlaValue name(String n) {
        return modelValues.contains(n) ? Tla.model(n) : Tla.str(n);
    }

    public TlaValue nameSet(Set<String> names) {
        return Tla.set(names.stream().map(this::name).toList());
    }

    /** A model value's name or a string's text; a string that names a model value is a spec error. */
    public String nameOf(TlaValue v) {
        if (v instanceof TlaValue.ModelValue m) {
            return m.name();
        }
        String s = Tla.asString(v);
        if (modelValues.contains(s)) {
            throw new IllegalArgumentException("string \"" + s + "\" clashes with a model value of the same name");
        }
        return s;
    }

    public Set<String> namesOf(TlaValue set) {
        return setOf(set, this::nameOf);
    }

    /** A TLA+ function from a Java map, keys and values encoded by the given functions. */
    public static <K, V> TlaValue fcn(Map<K, V> m, Function<K, TlaValue> key, Function<V, TlaValue> value) {
        Map<TlaValue, TlaValue> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(key.apply(k), value.apply(x)));
        return Tla.fcn(out);
    }

    /** A Java map from a TLA+ function, in TLC's order. */
    public static <K, V> Map<K, V> fromFcn(TlaValue fcn, Function<TlaValue, K> key, Function<TlaValue, V> value) {
        Map<K, V> out = new LinkedHashMap<>();
        Tla.asFcn(fcn).forEach((k, x) -> out.put(key.apply(k), value.apply(x)));
        return out;
    }

    /** A Java set from a TLA+ set, in TLC's order. */
    public static <T> Set<T> setOf(TlaValue set, Function<TlaValue, T> element) {
        Set<T> out = new LinkedHashSet<>();
        for (TlaValue e : Tla.asSet(set)) {
            out.add(element.apply(e));
        }
        return out;
    }

    /**
     * The value TLC printed for constant {@code name} of {@code module}; a missing one names itself.
     */
    public static TlaValue constant(Map<String, TlaValue> printed, String module, String name) {
        TlaValue v = printed.get(name);
        if (v == null) {
            throw new IllegalArgumentException(module + " constant " + name + " was not printed by TLC");
        }
        return v;
    }

    /** A set of model values, by name. */
    public static Set<String> modelSet(TlaValue set) {
        return setOf(set, Tla::asModel);
    }

    /** The constants of {@code module} TLC printed for one model, read by type; a missing one names itself. */
    public static Printed printed(Map<String, TlaValue> values, String module) {
        return new Printed(values, module);
    }

    /** One model's printed constants: what every relation's {@code *Constants.from} reads them with. */
    public record Printed(Map<String, TlaValue> values, String module) {

        public TlaValue value(String name) {
            return constant(values, module, name);
        }

        public String string(String name) {
            return Tla.asString(value(name));
        }

        public boolean bool(String name) {
            return Tla.asBool(value(name));
        }

        public int integer(String name) {
            return Math.toIntExact(Tla.asLong(value(name)));
        }

        /** A model value's name. */
        public String model(String name) {
            return Tla.asModel(value(name));
        }

        /** A set of model values, by name, in TLC's order. */
        public Set<String> models(String name) {
            return modelSet(value(name));
        }

        /** A set of strings, in TLC's order. */
        public Set<String> strings(String name) {
            return setOf(value(name), Tla::asString);
        }

        /** A function from model values to model values, by name. */
        public Map<String, String> modelMap(String name) {
            return fromFcn(value(name), Tla::asModel, Tla::asModel);
        }

        /** A function from model values to strings. */
        public Map<String, String> stringMap(String name) {
            return fromFcn(value(name), Tla::asModel, Tla::asString);
        }
    }
}
