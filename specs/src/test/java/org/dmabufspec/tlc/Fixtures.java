package org.dmabufspec.tlc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The fixture specs and the TLC 1.7.3 outputs recorded from them (see fixtures/README.md). */
final class Fixtures {
    static final Path DIR = Path.of("src/test/resources/fixtures");

    private Fixtures() {
    }

    static String output(String name) {
        try {
            return Files.readString(DIR.resolve(name + ".out"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
