package org.dmabufspec.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The repository's own text files, found from the test's working directory (a module directory). */
final class RepoFiles {
    /** Directories that hold build output, VCS data or downloaded tools, not project files. */
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", ".mvn", "node_modules");
    private static final Set<String> TEXT_ENDINGS = Set.of(".md", ".java", ".tla", ".cfg", ".yaml", ".yml",
            ".json", ".c", ".h", ".sh", ".xml", ".txt", ".properties", ".ndjson", ".py", "Makefile", "Kbuild");

    private static List<Path> textFiles; // walked once per test JVM

    private RepoFiles() {
    }

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("specs/models.yaml")) && Files.isRegularFile(q.resolve("mvnw"))) {
                return q;
            }
        }
        throw new IllegalStateException("no repository root (specs/models.yaml and mvnw) above " + p);
    }

    /** Every text file of the repository outside build output, as paths relative to the root. */
    static synchronized List<Path> textFiles() {
        if (textFiles == null) {
            textFiles = walk(root());
        }
        return textFiles;
    }

    private static List<Path> walk(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> root.relativize(f).getNameCount() > 0)
                    .filter(f -> {
                        for (Path part : root.relativize(f)) {
                            if (SKIPPED_DIRS.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .filter(f -> isText(f.getFileName().toString()))
                    .map(root::relativize)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isText(String name) {
        return TEXT_ENDINGS.stream().anyMatch(name::endsWith) || name.equals("dmabuf") || name.equals("run");
    }

    static String read(Path relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
