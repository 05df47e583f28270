package org.dmabufspec.conformance.nativerun;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the harness directly on this host's kernel. Only where the host has the system heap
 * and vgem loaded; otherwise it says what is missing instead of skipping anything.
 */
public record HostRunner(Path nativeDir, PrintStream progress) implements NativeRunner {

    @Override
    public NativeRun run(List<String> scenarios, Path outDir) throws NativeRunException {
        if (!Files.exists(Path.of("/dev/dma_heap/system"))) {
            throw new NativeRunException("host mode needs /dev/dma_heap/system (CONFIG_DMABUF_HEAPS_SYSTEM) and this host has none: use --vm");
        }
        if (!Files.isDirectory(Path.of("/sys/module/vgem"))) {
            throw new NativeRunException("host mode needs the vgem module loaded (modprobe vgem; CONFIG_DRM_VGEM): use --vm");
        }
        Path harness = build(nativeDir, progress);
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new NativeRunException("cannot create " + outDir + ": " + e.getMessage());
        }
        Path trace = outDir.resolve("trace.ndjson");
        List<String> cmd = new ArrayList<>(List.of(harness.toString(), "--trace", trace.toString()));
        cmd.addAll(scenarios);
        Processes.Result r = Processes.run(cmd, progress);
        String console = r.stdout() + "dmabuf-native: exit status " + r.exit() + "\n";
        try {
            Files.writeString(outDir.resolve("console.log"), console, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NativeRunException("cannot write " + outDir.resolve("console.log") + ": " + e.getMessage());
        }
        if (r.exit() > 1) {
            throw new NativeRunException("the harness failed to run (exit " + r.exit() + "): " + String.join(" | ", r.lastErrors()));
        }
        return new NativeRun(console, trace, r.exit());
    }

    /** Compiles the static harness (cached by source hash) and returns its path. */
    static Path build(Path nativeDir, PrintStream progress) throws NativeRunException {
        Processes.Result b = Processes.run(List.of("bash", nativeDir.resolve("harness/build.sh").toString()), progress);
        if (b.exit() != 0) {
            throw new NativeRunException("building the harness failed: " + String.join(" | ", b.lastErrors()));
        }
        return Path.of(b.stdout().trim());
    }

    /** The harness's scenario list: name and whether it is slow (vgem's 10 s fence expiry). */
    public static List<String[]> list(Path nativeDir, PrintStream progress) throws NativeRunException {
        Path harness = build(nativeDir, progress);
        Processes.Result r = Processes.run(List.of(harness.toString(), "--list"), progress);
        if (r.exit() != 0) {
            throw new NativeRunException("dmabuf-native --list failed: " + String.join(" | ", r.lastErrors()));
        }
        List<String[]> out = new ArrayList<>();
        for (String l : r.stdout().split("\n")) {
            if (!l.isBlank()) {
                out.add(l.split("\t"));
            }
        }
        return out;
    }
}
