package org.dmabufspec.tlc;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A TLA+ value as TLC prints it in a counterexample. Elements keep TLC's printed order, so
 * equality is structural over that order (TLC prints sets and function domains normalised).
 */
public sealed interface TlaValue {

    /** The value as TLA+ text that TLC can read back (used by the counterexample double-check). */
    String toTla();

    record Int(BigInteger value) implements TlaValue {
        public static Int of(long v) {
            return new Int(BigInteger.valueOf(v));
        }

        @Override
        public String toTla() {
            return value.toString();
        }
    }

    record Str(String value) implements TlaValue {
        @Override
        public String toTla() {
            StringBuilder b = new StringBuilder("\"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\t' -> b.append("\\t");
                    case '\r' -> b.append("\\r");
                    case '\f' -> b.append("\\f");
                    default -> b.append(c);
                }
            }
            return b.append('"').toString();
        }
    }

    record Bool(boolean value) implements TlaValue {
        @Override
        public String toTla() {
            return value ? "TRUE" : "FALSE";
        }
    }

    /** A TLC model value (a constant bound to itself in the cfg), e.g. {@code importer1}. */
    record ModelValue(String name) implements TlaValue {
        @Override
        public String toTla() {
            return name;
        }
    }

    record SetValue(List<TlaValue> elements) implements TlaValue {
        public SetValue {
            elements = List.copyOf(elements);
        }

        @Override
        public String toTla() {
            return elements.stream().map(TlaValue::toTla).collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /** A tuple or sequence: TLC prints both as {@code <<a, b>>}, and functions on 1..n too. */
    record Sequence(List<TlaValue> elements) implements TlaValue {
        public Sequence {
            elements = List.copyOf(elements);
        }

        @Override
        public String toTla() {
            return elements.stream().map(TlaValue::toTla).collect(Collectors.joining(", ", "<<", ">>"));
        }
    }

    record Record(Map<String, TlaValue> fields) implements TlaValue {
        public Record {
            fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        }

        @Override
        public String toTla() {
            return fields.entrySet().stream()
                    .map(e -> e.getKey() + " |-> " + e.getValue().toTla())
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /** A function TLC prints as {@code (k1 :> v1 @@ k2 :> v2)}. */
    record Function(List<Mapping> mappings) implements TlaValue {
        public Function {
            mappings = List.copyOf(mappings);
        }

        @Override
        public String toTla() {
            return mappings.stream()
                    .map(m -> m.key().toTla() + " :> " + m.value().toTla())
                    .collect(Collectors.joining(" @@ ", "(", ")"));
        }
    }

    record Mapping(TlaValue key, TlaValue value) {
    }
}
