package org.dmabufspec.conformance.testgen.kernel;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.nativerun.NativeRunException;
import org.dmabufspec.conformance.nativerun.NativeTraces;
import org.dmabufspec.conformance.nativerun.ScenarioTrace;
import org.dmabufspec.conformance.nativerun.VmRunner;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.TestRun;

/**
 * Runs generated tests on the real kernel: the batch becomes one program ({@link KernelProgram}),
 * appended to the kernel test module's initramfs ({@code vm/run-vm.sh --program}), and the VM
 * boots once for the whole batch. The module runs each test on fresh dma_fence objects with its
 * own fence ops and writes a trace per test and a line per step; each step is compared with the
 * model and each trace judged by the trace checker ({@link KernelComparison}). A VM that does not
 * boot or finish is a {@link NativeRunException} with the runner's one-line cause (the runner's
 * timeouts and its retry of a panic before /init apply), never a hang or a pass.
 *
 * @param nativeDir      conformance/native
 * @param timeoutSeconds the VM's timeout (run-vm.sh --timeout)
 */
public record KernelExecutor(Path nativeDir, int timeoutSeconds) {

    public KernelRun run(List<GeneratedTest> tests, Path outDir) throws NativeRunException {
        KernelFacts facts = tests.stream().anyMatch(t -> t.vocabulary().equals("dma_buf_attach")) ? facts() : null;
        KernelProgram program = KernelProgram.of(tests, facts);
        if (program.tests().isEmpty()) {
            return new KernelRun(List.of(), program.notDrivable(), 0);
        }
        Path file = outDir.resolve("testgen.program");
        try {
            Files.createDirectories(outDir);
            Files.writeString(file, program.text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NativeRunException("cannot write the kernel program " + file + ": " + e.getMessage());
        }
        List<String> cmd = List.of("bash", nativeDir.resolve("vm/run-vm.sh").toString(), "--program", file.toString(),
                "--out", outDir.toString(), "--timeout", Integer.toString(timeoutSeconds));
        long t0 = System.nanoTime();
        int rc = exec(cmd);
        if (rc == 2 && VmRunner.panickedBeforeInit(outDir.resolve("console.log"))) {
            System.err.println("dmabuf testgen --on kernel: the kernel panicked while booting, before /init; booting once more");
            rc = exec(cmd);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (rc != 0 && rc != 1) {
            throw new NativeRunException("the VM run failed (run-vm.sh --program exit " + rc + "; its messages are above)");
        }
        return judge(program, outDir, seconds);
    }

    /** Compares the files a finished run left in {@code outDir} (results.txt, trace.ndjson) with the program's tests. */
    public static KernelRun judge(KernelProgram program, Path outDir, double seconds) throws NativeRunException {
        Path results = outDir.resolve("results.txt");
        String text;
        try {
            text = Files.readString(results, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NativeRunException("cannot read the kernel's step results " + results + ": " + e.getMessage());
        }
        KernelResults r;
        try {
            r = KernelResults.parse(text.replace("\r", ""), results.toString());
        } catch (IllegalArgumentException e) {
            throw new NativeRunException(e.getMessage());
        }
        Map<String, String> traces = new HashMap<>();
        for (ScenarioTrace t : NativeTraces.split(outDir.resolve("trace.ndjson"))) {
            traces.put(t.scenario(), t.text());
        }
        List<TestRun> runs = new ArrayList<>();
        for (int i = 0; i < program.tests().size(); i++) {
            GeneratedTest t = program.tests().get(i);
            runs.add(KernelComparison.compare(t, r.tests().get(i + 1), traces.get(KernelProgram.scenario(t))));
        }
        return new KernelRun(runs, program.notDrivable(), seconds);
    }

    /** The VM's kernel as run-vm.sh prepares it (fetched if need be, nothing booted). */
    public KernelFacts facts() throws NativeRunException {
        List<String> cmd = List.of("bash", nativeDir.resolve("vm/run-vm.sh").toString(), "--kernel-facts");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(Redirect.INHERIT).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) {
                throw new NativeRunException("run-vm.sh --kernel-facts failed (exit " + rc + "; its messages are above)");
            }
            return KernelFacts.parse(text);
        } catch (IOException e) {
            throw new NativeRunException("cannot start " + cmd.get(1) + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new NativeRunException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NativeRunException("interrupted while running " + cmd.get(1));
        }
    }

    private static int exec(List<String> cmd) throws NativeRunException {
        try {
            // the runner's progress and one-line errors go straight to our stderr
            Process p = new ProcessBuilder(cmd).redirectError(Redirect.INHERIT).redirectOutput(Redirect.DISCARD).start();
            return p.waitFor();
        } catch (IOException e) {
            throw new NativeRunException("cannot start " + cmd.get(1) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NativeRunException("interrupted while running " + cmd.get(1));
        }
    }
}
