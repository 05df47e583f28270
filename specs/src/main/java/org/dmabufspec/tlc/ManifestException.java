package org.dmabufspec.tlc;

import java.util.List;

/** The manifest is invalid; each problem names the file, line, entry and field. */
public final class ManifestException extends RuntimeException {
    private final List<String> problems;

    public ManifestException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
