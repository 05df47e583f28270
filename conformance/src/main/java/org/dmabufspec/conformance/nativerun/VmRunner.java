package org.dmabufspec.conformance.nativerun;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Boots the Debian trixie kernel under qemu through {@code vm/run-vm.sh}. The script installs
 * what is missing, fetches and caches the kernel, and says clearly what went wrong; the
 * verdict is read from the harness's exit-status line and the traces, not from qemu.
 */
public record VmRunner(Path nativeDir, int timeoutSeconds, PrintStream progress) implements NativeRunner {
    private static final Pattern EXIT = Pattern.compile("(?m)^dmabuf-native: exit status (\\d+)\\r?$");

    @Override
    public NativeRun run(List<String> scenarios, Path outDir) throws NativeRunException {
        List<String> cmd = List.of("bash", nativeDir.resolve("vm/run-vm.sh").toString(),
                "--out", outDir.toString(), "--scenarios", String.join(",", scenarios),
                "--timeout", Integer.toString(timeoutSeconds));
        Processes.Result r = Processes.run(cmd, progress);
        if (r.exit() == 2 && panickedBeforeInit(outDir.resolve("console.log"))) {
            progress.println("dmabuf native run: the kernel panicked while booting, before /init; booting once more");
            r = Processes.run(cmd, progress);
        }
        if (r.exit() != 0 && r.exit() != 1) {
            throw new NativeRunException("the VM run failed (run-vm.sh exit " + r.exit() + "): "
                    + String.join(" | ", r.lastErrors()));
        }
        String console = read(outDir.resolve("console.log"));
        return new NativeRun(console, outDir.resolve("trace.ndjson"), exitStatus(console));
    }

    public static int exitStatus(String console) throws NativeRunException {
        Matcher m = EXIT.matcher(console);
        int status = -1;
        while (m.find()) {
            status = Integer.parseInt(m.group(1));
        }
        if (status < 0) {
            throw new NativeRunException("the console has no 'dmabuf-native: exit status' line: the harness did not finish");
        }
        return status;
    }

    /**
     * Seen about once in 20 boots under multi-threaded TCG: an int3 oops while the kernel patches
     * its own text during early boot, before any of the project's code runs. Such a boot is
     * retried once; a panic after /init started is a real result and is never retried.
     */
    public static boolean panickedBeforeInit(Path console) {
        try {
            String c = Files.readString(console, StandardCharsets.UTF_8);
            return c.contains("Kernel panic") && !c.contains("TAP version");
        } catch (IOException e) {
            return false;
        }
    }

    static String read(Path p) throws NativeRunException {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NativeRunException("cannot read " + p + ": " + e.getMessage());
        }
    }
}
