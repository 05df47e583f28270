package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.dmabufspec.conformance.TestResources;

/**
 * run-vm.sh's verdict (lib.sh vm_verdict) on what a faulty VM run leaves behind, simulated with
 * console and trace files: qemu that does not start or is killed, a kernel that panics, a timeout,
 * a cut trace. Each must name its cause and exit 2, never 0; no VM is booted.
 */
@ResourceLock(TestResources.NATIVE_HOST)
class VmVerdictScriptTest {
    private static final String END = "{\"type\":\"end\"}\n";

    private record Run(int exit, String out) {
    }

    private static Run verdict(Path tmp, String console, String trace, int qemuExit) throws Exception {
        Files.writeString(tmp.resolve("console.log"), console);
        Files.writeString(tmp.resolve("trace.ndjson"), trace);
        Files.writeString(tmp.resolve("qemu.stderr"), "");
        Path lib = NativeDir.locate().resolve("vm/lib.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". \"$0\"; vm_verdict \"$1/console.log\" \"$1/trace.ndjson\" \"$2\" 30 \"$1/qemu.stderr\"",
                lib.toString(), tmp.toString(), Integer.toString(qemuExit));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "vm_verdict hung");
        return new Run(p.exitValue(), out);
    }

    @Test
    void aCompleteRunWithExitStatusZeroPasses(@TempDir Path tmp) throws Exception {
        Run r = verdict(tmp, "TAP version 14\nok 1 x\ndmabuf-native: exit status 0\n", "{\"type\":\"x\"}\n" + END, 0);
        assertEquals(0, r.exit(), r.out());
    }

    @Test
    void harnessFailuresAreExitOne(@TempDir Path tmp) throws Exception {
        Run r = verdict(tmp, "TAP version 14\nnot ok 1 x\ndmabuf-native: exit status 1\n", END, 0);
        assertEquals(1, r.exit(), r.out());
    }

    @Test
    void aKernelPanicAfterInitIsNamed(@TempDir Path tmp) throws Exception {
        Run r = verdict(tmp, "TAP version 14\nok 1 a\nKernel panic - not syncing: Fatal exception in interrupt\n", "", 0);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("native-vm: ERROR: the kernel panicked: not syncing: Fatal exception in interrupt"), r.out());
    }

    @Test
    void qemuKilledMidRunIsNamed(@TempDir Path tmp) throws Exception {
        Run r = verdict(tmp, "TAP version 14\nok 1 a\n", "{\"type\":\"x\"}\n", 137);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("qemu was killed (signal 9) before the harness finished"), r.out());
    }

    @Test
    void qemuThatDoesNotStartIsNamed(@TempDir Path tmp) throws Exception {
        Run r = verdict(tmp, "", "", 127);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("qemu failed to start (exit 127, nothing on the console)"), r.out());
    }

    @Test
    void aBootThatTimesOutIsNamed(@TempDir Path tmp) throws Exception {
        Run r = verdict(tmp, "Linux version 6.12\n", "", 124);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("the kernel did not reach the harness within 30s"), r.out());
    }

    @Test
    void exitStatusZeroWithACutTraceIsNoPass(@TempDir Path tmp) throws Exception {
        Run r = verdict(tmp, "TAP version 14\ndmabuf-native: exit status 0\n", "{\"type\":\"x\"}\n{\"type\":\"y", 0);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("does not end with an end record (cut short)"), r.out());
    }
}
