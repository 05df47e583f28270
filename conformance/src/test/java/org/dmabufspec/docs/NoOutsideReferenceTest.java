package org.dmabufspec.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A user has only the repository: no file may send them to notes outside it (the project's
 * working notes lived in a sibling directory "shared" that is not published; "§4.1" was a section
 * of those notes).
 */
class NoOutsideReferenceTest {
    private static final Pattern OUTSIDE = Pattern.compile("\\.\\./shared|/work/shared|shared/reference|kernel-protocol\\.md|§[0-9]");

    @Test
    void noRepositoryFilePointsAtTheUnpublishedSharedNotes() {
        List<String> hits = new ArrayList<>();
        for (Path f : RepoFiles.textFiles()) {
            if (f.endsWith(Path.of("NoOutsideReferenceTest.java"))) {
                continue; // the pattern itself
            }
            String[] lines = RepoFiles.read(f).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (OUTSIDE.matcher(lines[i]).find()) {
                    hits.add(f + ":" + (i + 1) + ": " + lines[i].strip());
                }
            }
        }
        assertEquals(List.of(), hits, "files pointing outside the repository");
    }

    @Test
    void theScanSeesSpecsJavaAndDocs() {
        List<Path> files = RepoFiles.textFiles();
        for (String must : List.of("README.md", "specs/tla/DmaResv.tla", "specs/models.yaml", "docs/models.md", "docs/rules.md",
                "conformance/native/harness/uapi.h")) {
            assertEquals(true, files.contains(Path.of(must)), "scan misses " + must);
        }
    }
}
