package org.dmabufspec.tlc;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An AppCDS archive of TLC's classes for the forked TLC JVMs: a small model's run is mostly JVM start-up
 * and class loading, which a class-data-sharing archive makes cheaper (CPU figures in docs/benchmarks.md).
 * It is created once, by a run of a small built-in model with {@code -XX:ArchiveClassesAtExit}, written
 * to a temp file, checked with {@code -Xshare:on -XX:+VerifySharedSpaces} and only then renamed into
 * place: a truncated archive crashes the JVM that maps it. An archive that is missing, fails the check
 * (another JDK, another TLC jar) or cannot be made means runs go without one, never a failed run.
 *
 * <p>Only the TLC jar is archived ({@code -cp} holds nothing else at creation), so the archive stays
 * valid when the harness's own classes follow it on the class path (a class directory cannot be archived).
 */
final class TlcArchive {
    private static final String MODULE = "DmabufCdsTraining";
    private static final String SPEC = """
            ---- MODULE DmabufCdsTraining ----
            \\* Exercises the parts of TLC every model run loads: the standard modules, records, functions,
            \\* sequences, an invariant and a liveness property under fairness.
            EXTENDS Integers, Sequences, FiniteSets, TLC
            VARIABLES x, q, f
            vars == <<x, q, f>>
            Init == x = 0 /\\ q = <<>> /\\ f = [i \\in 1..2 |-> {}]
            Inc == x < 3 /\\ x' = x + 1 /\\ q' = Append(q, [v |-> x]) /\\ UNCHANGED f
            Add == \\E i \\in 1..2 : f' = [f EXCEPT ![i] = @ \\cup {x}] /\\ UNCHANGED <<x, q>>
            Done == x = 3 /\\ UNCHANGED vars
            Spec == Init /\\ [][Inc \\/ Add \\/ Done]_vars /\\ WF_vars(Inc)
            TypeOK == x \\in 0..3 /\\ Len(q) <= 3 /\\ \\A i \\in 1..2 : Cardinality(f[i]) <= 4
            Reaches == <>(x = 3)
            ====
            """;
    private static final String CFG = "SPECIFICATION Spec\nINVARIANT TypeOK\nPROPERTY Reaches\n";
    /** One per archive file and TLC jar in this JVM, so the check or creation happens once. */
    private static final Map<List<Path>, TlcArchive> ARCHIVES = new ConcurrentHashMap<>();

    private final Path file;
    private final Path tlcJar;
    private Boolean usable; // null until checked or made, once per JVM

    private TlcArchive(Path file, Path tlcJar) {
        this.file = file;
        this.tlcJar = tlcJar;
    }

    /**
     * The archive {@code -Ddmabuf.tlc.cds=FILE} names (the build sets it to a file under {@code target/}),
     * for class paths that start with {@code tlcJar}; none without the property or when TLC is not in a jar.
     */
    static Optional<TlcArchive> fromSystemProperty(Path tlcJar) {
        String prop = System.getProperty("dmabuf.tlc.cds", "").strip();
        if (prop.isEmpty() || !Files.isRegularFile(tlcJar)) {
            return Optional.empty();
        }
        Path file = Path.of(prop).toAbsolutePath();
        return Optional.of(ARCHIVES.computeIfAbsent(List.of(file, tlcJar), k -> new TlcArchive(file, tlcJar)));
    }

    /** An archive at {@code file} outside the per-JVM registry (tests). */
    static TlcArchive at(Path file, Path tlcJar) {
        return new TlcArchive(file.toAbsolutePath(), tlcJar);
    }

    /** The JVM flags that map the archive, made or checked on first use; none if there is no usable archive. */
    synchronized List<String> jvmFlags() {
        if (usable == null) {
            usable = verified(file) || create();
        }
        // the JVM does not warn on stdout when the archive stays unmapped: TLC's output is parsed
        return usable ? List.of("-XX:SharedArchiveFile=" + file, "-Xlog:cds=off", "-Xlog:cds+dynamic=off") : List.of();
    }

    private boolean create() {
        Path work = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            work = Files.createTempDirectory("dmabuf-cds-");
            Files.writeString(work.resolve(MODULE + ".tla"), SPEC);
            Files.writeString(work.resolve(MODULE + ".cfg"), CFG);
            Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + "-", ".part");
            Files.delete(partial); // the JVM writes it at exit
            List<String> cmd = new ArrayList<>(List.of(java(), "-XX:+UseParallelGC", "-Xmx256m"));
            cmd.addAll(RunOptions.Jit.QUICK.jvmFlags());
            cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + partial, "-Djava.io.tmpdir=" + work,
                    "-cp", tlcJar.toString(), "tlc2.TLC", "-tool", "-workers", "1",
                    "-metadir", work.resolve("states").toString(), "-config", MODULE + ".cfg", MODULE + ".tla"));
            boolean made = exitsZero(new ProcessBuilder(cmd).directory(work.toFile()), 300) && verified(partial);
            if (made) {
                try {
                    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    made = false;
                }
            }
            Files.deleteIfExists(partial);
            return made;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            if (work != null) {
                ModelRunner.deleteTree(work);
            }
        }
    }

    /** Maps the archive for the TLC jar with every checksum verified; a truncated or foreign archive fails. */
    private boolean verified(Path archive) {
        if (!Files.isRegularFile(archive)) {
            return false;
        }
        return exitsZero(new ProcessBuilder(java(), "-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                "-XX:+VerifySharedSpaces", "-cp", tlcJar.toString(), "-version"), 60);
    }

    private static boolean exitsZero(ProcessBuilder pb, int seconds) {
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
