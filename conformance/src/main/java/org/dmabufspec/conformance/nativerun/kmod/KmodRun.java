package org.dmabufspec.conformance.nativerun.kmod;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.conformance.nativerun.KtapFormatException;
import org.dmabufspec.conformance.nativerun.KtapParser;
import org.dmabufspec.conformance.nativerun.KtapReport;
import org.dmabufspec.conformance.nativerun.NativeRunException;
import org.dmabufspec.conformance.nativerun.NativeTraces;
import org.dmabufspec.conformance.nativerun.ScenarioTrace;
import org.dmabufspec.conformance.nativerun.VmRunner;

/**
 * {@code dmabuf native run --vm --kmod}: builds dmabuf_conformance.ko against the trixie kernel,
 * boots it under qemu ({@code vm/run-vm.sh --kmod}), reads the module's KTAP from the console
 * and its traces from the trace port, and judges every trace ({@link KmodJudge}).
 *
 * @param misuse also run the misuse scenarios (module parameter misuse=1)
 */
public record KmodRun(Path nativeDir, int timeoutSeconds, boolean misuse) {
    public KmodReport run(List<String> scenarios, Path outDir) throws NativeRunException {
        List<String> cmd = new ArrayList<>(List.of("bash", nativeDir.resolve("vm/run-vm.sh").toString(), "--kmod",
                "--out", outDir.toString(), "--scenarios", String.join(",", scenarios),
                "--timeout", Integer.toString(timeoutSeconds)));
        if (misuse) {
            cmd.add("--misuse");
        }
        int rc = exec(cmd);
        if (rc == 2 && VmRunner.panickedBeforeInit(outDir.resolve("console.log"))) {
            System.err.println("dmabuf native run --kmod: the kernel panicked while booting, before /init; booting once more");
            rc = exec(cmd);
        }
        if (rc != 0 && rc != 1) {
            throw new NativeRunException("the VM run failed (run-vm.sh --kmod exit " + rc + "; its messages are above)");
        }
        String console = read(outDir.resolve("console.log"));
        return judge(console, NativeTraces.split(outDir.resolve("trace.ndjson")), scenarios, outDir);
    }

    /** Judges a finished run's console and traces (also used by the fixture tests). */
    public static KmodReport judge(String console, List<ScenarioTrace> traces, List<String> requested, Path outDir)
            throws NativeRunException {
        KtapReport ktap;
        try {
            ktap = KtapParser.parse(console);
        } catch (KtapFormatException e) {
            throw new NativeRunException("cannot read the module's KTAP from the console: " + e.getMessage());
        }
        try {
            NativeTraces.write(traces, outDir.resolve("traces"));
        } catch (IOException e) {
            throw new NativeRunException("cannot write the per-scenario traces under " + outDir + ": " + e.getMessage());
        }
        KmodJudge judge = new KmodJudge(outDir.resolve("traces").resolve("checker"));
        List<KmodVerdict> verdicts = traces.stream().map(judge::judge).toList();
        return KmodReport.of(ktap, VmRunner.exitStatus(console), requested, verdicts);
    }

    private int exec(List<String> cmd) throws NativeRunException {
        try {
            // the scripts' progress and errors go straight to our stderr
            Process p = new ProcessBuilder(cmd).redirectError(Redirect.INHERIT).redirectOutput(Redirect.DISCARD).start();
            return p.waitFor();
        } catch (IOException e) {
            throw new NativeRunException("cannot start " + cmd.get(1) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NativeRunException("interrupted while running " + cmd.get(1));
        }
    }

    private static String read(Path p) throws NativeRunException {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NativeRunException("cannot read " + p + ": " + e.getMessage());
        }
    }
}
