package org.dmabufspec.tlc;

import java.util.Locale;

/** The manifest's {@code measured:} line: last measured distinct states, depth and seconds. */
public record Measured(long distinct, long depth, double seconds) {

    /** The one-line YAML flow mapping written into the manifest. */
    public String yaml() {
        return String.format(Locale.ROOT, "{distinct: %d, depth: %d, seconds: %.1f}", distinct, depth, seconds);
    }
}
