package org.dmabufspec.tlc;

import java.util.Optional;

/** What one TLC run concluded. A crash or timeout is never mistaken for a pass. */
public sealed interface Verdict {

    /** One-line summary for tables, e.g. {@code invariant FenceSignalledOnce}. */
    String summary();

    record Ok() implements Verdict {
        @Override
        public String summary() {
            return "ok";
        }
    }

    record InvariantViolated(String name) implements Verdict {
        @Override
        public String summary() {
            return "invariant " + name;
        }
    }

    record Deadlock() implements Verdict {
        @Override
        public String summary() {
            return "deadlock";
        }
    }

    /**
     * TLC 1.7.3 does not name the violated property; the harness fills the name in when the cfg
     * lists exactly one PROPERTY.
     */
    record TemporalPropertyViolated(Optional<String> name) implements Verdict {
        @Override
        public String summary() {
            return "property " + name.orElse("(unnamed: cfg lists several)");
        }
    }

    record AssertFailed(String message) implements Verdict {
        @Override
        public String summary() {
            return "assert";
        }
    }

    /** SANY rejected a module; line and column are 1-based, 0 when SANY gave none. */
    record ParseError(String file, int line, int column, String message) implements Verdict {
        @Override
        public String summary() {
            return "parse error " + file.replaceFirst("^.*/", "") + ":" + line + ":" + column;
        }

        /** {@code file:line:column: message}, the form editors jump to. */
        public String formatted() {
            return file + ":" + line + ":" + column + ": " + message;
        }
    }

    /** The cfg is wrong: names an undefined operator, bad syntax (exit 151 or 255 with a message). */
    record ConfigError(String message) implements Verdict {
        @Override
        public String summary() {
            return "config error";
        }
    }

    record EvaluationError(String message, String location) implements Verdict {
        @Override
        public String summary() {
            return "evaluation error";
        }
    }

    record AssumptionFalse(String location) implements Verdict {
        @Override
        public String summary() {
            return "assumption false";
        }
    }

    record Timeout(long seconds) implements Verdict {
        @Override
        public String summary() {
            return "timeout after " + seconds + " s";
        }
    }

    record ToolCrash(int exitCode, String outputTail) implements Verdict {
        @Override
        public String summary() {
            return "TLC crashed (exit " + exitCode + ")";
        }
    }
}
