package org.dmabufspec.tlc;

import java.util.Optional;

/** The verdict a manifest entry expects: {@code ok | invariant <Name> | property <Name> | deadlock | assert}. */
public sealed interface Expectation {

    boolean matches(Verdict verdict);

    /** As written in the manifest. */
    String text();

    record Ok() implements Expectation {
        @Override
        public boolean matches(Verdict v) {
            return v instanceof Verdict.Ok;
        }

        @Override
        public String text() {
            return "ok";
        }
    }

    record Invariant(String name) implements Expectation {
        @Override
        public boolean matches(Verdict v) {
            return v instanceof Verdict.InvariantViolated i && i.name().equals(name);
        }

        @Override
        public String text() {
            return "invariant " + name;
        }
    }

    record Property(String name) implements Expectation {
        @Override
        public boolean matches(Verdict v) {
            return v instanceof Verdict.TemporalPropertyViolated t && t.name().equals(Optional.of(name));
        }

        @Override
        public String text() {
            return "property " + name;
        }
    }

    record Deadlock() implements Expectation {
        @Override
        public boolean matches(Verdict v) {
            return v instanceof Verdict.Deadlock;
        }

        @Override
        public String text() {
            return "deadlock";
        }
    }

    record Assert() implements Expectation {
        @Override
        public boolean matches(Verdict v) {
            return v instanceof Verdict.AssertFailed;
        }

        @Override
        public String text() {
            return "assert";
        }
    }

    /** Parses the manifest's {@code expect} string, or throws with what is allowed. */
    static Expectation parse(String s) {
        String[] w = s.strip().split("\\s+");
        String identifier = "[A-Za-z_][A-Za-z0-9_]*";
        if (w.length == 1) {
            switch (w[0]) {
                case "ok":
                    return new Ok();
                case "deadlock":
                    return new Deadlock();
                case "assert":
                    return new Assert();
                default:
                    break;
            }
        } else if (w.length == 2 && w[1].matches(identifier)) {
            if (w[0].equals("invariant")) {
                return new Invariant(w[1]);
            }
            if (w[0].equals("property")) {
                return new Property(w[1]);
            }
        }
        throw new IllegalArgumentException("'" + s + "' is not one of: ok | invariant <Name> | property <Name> | deadlock | assert");
    }
}
