package org.dmabufspec.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dmabufspec.tlc.Manifest;
import picocli.CommandLine.Option;

/**
 * Where the specs are: {@code --specs DIR} (default: the launcher's {@code -Ddmabuf.specs}, else
 * {@code ./specs}); the manifest is {@code DIR/models.yaml} and the modules are in {@code DIR/tla}.
 */
public final class SpecsOptions {
    @Option(names = "--specs", paramLabel = "DIR",
            description = "The specs directory holding models.yaml and tla/ (default: the repository's specs/).")
    Path specs;

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "A manifest other than DIR/models.yaml; its modules are in tla/ next to it.")
    Path manifest;

    public Path specsDir() {
        if (specs != null) {
            return specs;
        }
        String prop = System.getProperty("dmabuf.specs");
        return prop != null ? Path.of(prop) : Path.of("specs");
    }

    public Manifest load() {
        Path file = manifest != null ? manifest : specsDir().resolve("models.yaml");
        if (!Files.isRegularFile(file)) {
            throw new UserError("no manifest at " + file.toAbsolutePath()
                    + " (run from the repository root, use ./dmabuf, or pass --specs DIR)");
        }
        Path parent = file.toAbsolutePath().getParent();
        return Manifest.load(file, parent.resolve("tla"));
    }
}
