package org.dmabufspec.conformance.nativerun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A run that already happened, judged again without booting anything: {@code console.log} and
 * the trace stream {@code trace.ndjson} in a directory (a VM run's output, or a copy sent by
 * someone else), or, when the stream is absent, the per-scenario traces a run leaves in
 * {@code traces/*.ndjson} (what the repository keeps as fixtures).
 */
public record RecordedRun(Path dir) implements NativeRunner {

    @Override
    public NativeRun run(List<String> scenarios, Path outDir) throws NativeRunException {
        String text = console();
        Path stream = dir.resolve("trace.ndjson");
        if (!Files.isRegularFile(stream)) {
            stream = outDir.resolve("recorded-trace.ndjson");
            try {
                Files.createDirectories(outDir);
                StringBuilder sb = new StringBuilder();
                for (ScenarioTrace t : traces()) {
                    sb.append(t.text());
                }
                Files.writeString(stream, sb, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new NativeRunException("cannot write " + stream + ": " + e.getMessage());
            }
        }
        return new NativeRun(text, stream, VmRunner.exitStatus(text));
    }

    public String console() throws NativeRunException {
        Path console = dir.resolve("console.log");
        if (!Files.isRegularFile(console)) {
            throw new NativeRunException("--from " + dir + ": no console.log there (a native run's output directory has console.log and trace.ndjson or traces/)");
        }
        return VmRunner.read(console);
    }

    /** The recorded traces: the stream split per scenario, or the per-scenario files. */
    public List<ScenarioTrace> traces() throws NativeRunException {
        Path stream = dir.resolve("trace.ndjson");
        if (Files.isRegularFile(stream)) {
            return NativeTraces.split(stream);
        }
        Path perScenario = dir.resolve("traces");
        List<Path> files;
        try (Stream<Path> s = Files.isDirectory(perScenario) ? Files.list(perScenario) : Stream.empty()) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".ndjson") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new NativeRunException("cannot list " + perScenario + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new NativeRunException("--from " + dir + ": no trace.ndjson there and no traces/*.ndjson (a native run's output directory has console.log and trace.ndjson)");
        }
        List<ScenarioTrace> out = new ArrayList<>();
        for (Path f : files) {
            out.addAll(NativeTraces.split(f));
        }
        return out;
    }

    /** Whether the recorded run is the in-kernel module's (its traces say implementation native-kmod). */
    public boolean kmod() throws NativeRunException {
        List<ScenarioTrace> ts = traces();
        return !ts.isEmpty() && ts.get(0).lines().get(0).contains("\"implementation\":{\"name\":\"native-kmod\"");
    }
}
