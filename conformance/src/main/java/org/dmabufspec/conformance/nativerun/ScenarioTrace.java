package org.dmabufspec.conformance.nativerun;

import java.util.List;

/**
 * The trace of one scenario, cut out of the harness's output stream (a header, its events,
 * an end record). {@code firstLine} is its line number in that stream, for error messages.
 */
public record ScenarioTrace(String scenario, int firstLine, List<String> lines) {

    public ScenarioTrace {
        lines = List.copyOf(lines);
    }

    public String text() {
        return String.join("\n", lines) + "\n";
    }

    /** A file name for the scenario: its path segments joined by "__". */
    public String fileName() {
        return scenario.replaceAll("[^A-Za-z0-9._-]+", "__") + ".ndjson";
    }
}
