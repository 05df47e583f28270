package org.dmabufspec.cli.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.dmabufspec.cli.UserError;
import org.dmabufspec.tlc.Manifest;

/**
 * The specs directory as of a git revision, extracted with {@code git archive} into a temporary
 * directory (the working tree is not touched); deleted on close.
 */
public final class SpecRevision implements AutoCloseable {
    private final Path tmp;
    private final Path specs;

    private SpecRevision(Path tmp, Path specs) {
        this.tmp = tmp;
        this.specs = specs;
    }

    /** {@code specsDir} must be inside a git work tree; {@code rev} is anything {@code git archive} takes. */
    public static SpecRevision checkout(Path specsDir, String rev) throws IOException {
        Path dir = specsDir.toAbsolutePath().normalize();
        String top = git(dir, "rev-parse", "--show-toplevel").strip();
        String prefix = Path.of(top).toRealPath().relativize(dir.toRealPath()).toString();
        Path tmp = Files.createTempDirectory("dmabuf-report-base");
        try {
            Path tar = tmp.resolve("specs.tar");
            run(List.of("git", "-C", top, "archive", "--format=tar", "-o", tar.toString(), rev, "--", prefix.isEmpty() ? "." : prefix),
                    dir, "git archive " + rev + " of " + (prefix.isEmpty() ? "." : prefix));
            Path root = Files.createDirectory(tmp.resolve("tree"));
            run(List.of("tar", "-xf", tar.toString(), "-C", root.toString()), dir, "tar -x of git archive's output");
            Path specs = root.resolve(prefix);
            if (!Files.isRegularFile(specs.resolve("models.yaml"))) {
                throw new UserError("revision " + rev + " has no " + prefix + "/models.yaml");
            }
            return new SpecRevision(tmp, specs);
        } catch (IOException | RuntimeException e) {
            delete(tmp);
            throw e;
        }
    }

    public Manifest manifest() {
        return Manifest.ofSpecsDir(specs);
    }

    public Path specsDir() {
        return specs;
    }

    private static String git(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        return run(cmd, dir, "git " + String.join(" ", args) + " in " + dir);
    }

    private static String run(List<String> cmd, Path dir, String what) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new UserError(what + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(what + " interrupted");
        }
        return output;
    }

    @Override
    public void close() {
        delete(tmp);
    }

    private static void delete(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
