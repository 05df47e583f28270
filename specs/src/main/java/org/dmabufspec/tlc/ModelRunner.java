package org.dmabufspec.tlc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs one model (module + cfg in one directory) with TLC in a forked JVM. TLC keeps static state
 * that corrupts later runs in the same JVM, so every model gets its own process, metadir and
 * temp dir (TLC extracts its standard modules there).
 */
public final class ModelRunner {
    private final String classpath;
    private final Optional<TlcArchive> archive;

    /** @param classpath the jar holding {@code tlc2.TLC}; {@link TlcMain}'s own location is added when it differs */
    public ModelRunner(Path classpath) {
        this(classpath, TlcArchive.fromSystemProperty(classpath));
    }

    ModelRunner(Path classpath, Optional<TlcArchive> archive) {
        Path own = TlcClasspath.of(TlcMain.class);
        this.classpath = own.equals(classpath) ? classpath.toString()
                : classpath + java.io.File.pathSeparator + own;
        this.archive = archive;
    }

    public static ModelRunner withTlcOnClasspath() {
        return new ModelRunner(TlcClasspath.locate());
    }

    /**
     * @param dir      the directory holding the module, the cfg and every module they extend
     * @param module   e.g. {@code MCDmaFence.tla}
     * @param cfg      e.g. {@code MCDmaFence.cfg}
     * @param progress receives each progress report (TLC prints one a minute)
     */
    public TlcResult run(Path dir, String module, String cfg, RunOptions options, Consumer<Progress> progress) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("dmabuf-tlc-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for TLC", e);
        }
        try {
            return runIn(scratch, dir, module, cfg, options, progress);
        } finally {
            deleteTree(scratch);
        }
    }

    private TlcResult runIn(Path scratch, Path dir, String module, String cfg, RunOptions options,
                            Consumer<Progress> progress) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", "-Xmx" + options.heapMb() + "m"));
        cmd.addAll(options.jit().jvmFlags());
        archive.ifPresent(a -> cmd.addAll(a.jvmFlags()));
        cmd.addAll(List.of(
                "-Djava.io.tmpdir=" + scratch,
                "-cp", classpath,
                TlcMain.class.getName(), "-tool",
                "-metadir", scratch.resolve("states").toString(),
                "-workers", Integer.toString(options.workers()),
                "-config", cfg));
        cmd.addAll(options.tlcOptions());
        cmd.add(module);
        // stderr apart: a JVM warning written to fd 2 could otherwise land inside a long state TLC prints
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        long start = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start TLC: " + String.join(" ", cmd), e);
        }
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> readOutput(process, output, start, progress), "tlc-output");
        reader.setDaemon(true);
        reader.start();
        StringBuilder errors = new StringBuilder();
        Thread errorReader = new Thread(() -> readErrors(process, errors), "tlc-stderr");
        errorReader.setDaemon(true);
        errorReader.start();
        boolean finished;
        try {
            finished = process.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(process);
            }
            // The pipe closes when TLC exits; on a loaded machine the reader may still be behind.
            reader.join(finished ? 120_000 : 10_000);
            errorReader.join(finished ? 120_000 : 10_000);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while TLC ran " + module, e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String out;
        synchronized (output) {
            out = output.toString();
        }
        synchronized (errors) {
            out += errors; // after TLC's own messages: still in the tail a crash report shows
        }
        if (!finished) {
            TlcResult partial = TlcOutputParser.parse(out, -1);
            return partial.withVerdict(new Verdict.Timeout(options.timeout().toSeconds())).withDuration(took);
        }
        TlcResult result = TlcOutputParser.parse(out, process.exitValue()).withDuration(took);
        if (result.verdict() instanceof Verdict.ConfigError c) { // TLC does not say which file
            result = result.withVerdict(new Verdict.ConfigError(dir.resolve(cfg) + ": " + c.message()));
        }
        result = nameTheProperty(result, dir, module, cfg, options);
        RunLog.append(dir, module, cfg, result);
        return result;
    }

    /**
     * TLC 1.7.3 does not say which property failed (or names a sub-formula). With one PROPERTY in the cfg there is no
     * doubt; with several, re-run the model once per property (a derived cfg listing only it)
     * and name the first one that fails. This costs extra runs only for a temporal violation.
     */
    private TlcResult nameTheProperty(TlcResult result, Path dir, String module, String cfg, RunOptions options) {
        if (!(result.verdict() instanceof Verdict.TemporalPropertyViolated t)) {
            return result;
        }
        TlcConfig config;
        try {
            config = TlcConfig.read(dir.resolve(cfg));
        } catch (IOException e) {
            return result; // left unnamed: the comparison with the manifest then fails visibly
        }
        List<String> props = config.properties();
        if (t.name().isPresent() && props.contains(t.name().get())) {
            return result;
        }
        result = result.withVerdict(new Verdict.TemporalPropertyViolated(Optional.empty()));
        if (props.size() == 1) {
            return result.withVerdict(new Verdict.TemporalPropertyViolated(Optional.of(props.get(0))));
        }
        for (String prop : props) {
            Path single = null;
            try {
                single = Files.createTempFile("dmabuf-" + prop + "-", ".cfg");
                Files.writeString(single, config.withOnlyProperty(prop));
                TlcResult r = run(dir, module, single.toAbsolutePath().toString(), options, p -> { });
                if (r.verdict() instanceof Verdict.TemporalPropertyViolated) {
                    return result.withVerdict(new Verdict.TemporalPropertyViolated(Optional.of(prop)));
                }
            } catch (IOException e) {
                return result;
            } finally {
                if (single != null) {
                    single.toFile().delete();
                }
            }
        }
        return result;
    }

    private static void readOutput(Process process, StringBuilder output, long start, Consumer<Progress> progress) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean inProgress = false;
            StringBuilder msg = new StringBuilder();
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                if (line.startsWith("@!@!@STARTMSG " + TlcMessage.PROGRESS + ":")) {
                    inProgress = true;
                    msg.setLength(0);
                } else if (inProgress && line.startsWith("@!@!@ENDMSG")) {
                    inProgress = false;
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                    TlcOutputParser.progress(msg.toString(), elapsed).ifPresent(progress);
                } else if (inProgress) {
                    msg.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // the process was killed; what was read so far is kept
        }
    }

    private static void readErrors(Process process, StringBuilder errors) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (errors) {
                    errors.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // the process was killed; what was read so far is kept
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless
        }
    }
}
