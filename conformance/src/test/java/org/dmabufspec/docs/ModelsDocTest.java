package org.dmabufspec.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.dmabufspec.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** docs/models.md is generated from specs/models.yaml; it must never drift from the manifest. */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class ModelsDocTest {
    @Test
    void docsModelsMdEqualsTheGeneratedPage() {
        Path root = RepoFiles.root();
        CliRun run = CliRun.withPicocliWriters("models", "--markdown", "--specs", root.resolve("specs").toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(run.out(), RepoFiles.read(Path.of("docs/models.md")),
                "docs/models.md differs from specs/models.yaml: regenerate it with "
                        + "./dmabuf models --markdown --out docs/models.md");
    }
}
