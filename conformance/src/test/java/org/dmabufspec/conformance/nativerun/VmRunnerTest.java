package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.dmabufspec.conformance.TestResources;

/** The Java side of the VM run, against stand-in scripts: no VM is booted here. */
@ResourceLock(TestResources.NATIVE_HOST)
class VmRunnerTest {
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(progress, true, StandardCharsets.UTF_8);

    private static Path fakeNativeDir(Path tmp, String script) throws Exception {
        Path vm = Files.createDirectories(tmp.resolve("native/vm"));
        Files.writeString(vm.resolve("run-vm.sh"), "set -eu\n" + script);
        return tmp.resolve("native");
    }

    @Test
    void theExitStatusComesFromTheHarnessLineNotFromQemu() throws Exception {
        assertEquals(1, VmRunner.exitStatus("TAP version 13\r\n1..1\r\nnot ok 1 x\r\ndmabuf-native: exit status 1\r\n[ 3.1] reboot: Power down\r\n"));
        NativeRunException e = assertThrows(NativeRunException.class,
                () -> VmRunner.exitStatus("TAP version 13\r\n1..1\r\n[ 9.0] Kernel panic - not syncing\r\n"));
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
    }

    @Test
    void aMissingPrerequisiteFailsWithTheRunnersOwnMessage(@TempDir Path tmp) throws Exception {
        Path dir = fakeNativeDir(tmp, "echo 'native-vm: ERROR: apt-get update of the trixie suite failed: no network to the Debian registry?' >&2\nexit 2\n");
        NativeRunException e = assertThrows(NativeRunException.class,
                () -> new VmRunner(dir, 60, err).run(List.of(), tmp.resolve("out")));
        assertTrue(e.getMessage().contains("no network to the Debian registry"), e.getMessage());
    }

    @Test
    void aHarnessThatReportedFailuresStillYieldsItsConsoleAndTraces(@TempDir Path tmp) throws Exception {
        Path dir = fakeNativeDir(tmp, "while [ $# -gt 0 ]; do case $1 in --out) out=$2; shift 2;; *) shift;; esac; done\n"
                + "mkdir -p \"$out\"\nprintf 'TAP version 13\\r\\n1..1\\r\\nnot ok 1 a/b\\r\\ndmabuf-native: exit status 1\\r\\n' > \"$out/console.log\"\n"
                + "printf '%s\\n' '{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,\"implementation\":{\"name\":\"native-uapi\",\"version\":\"0\"},\"kernel\":{\"behaviour\":\"6.2\",\"move_notify\":false},\"clock\":\"monotonic_ns\",\"scenario\":\"a/b\"}' "
                + "'{\"type\":\"end\",\"events\":0,\"status\":\"complete\",\"exit\":1}' > \"$out/trace.ndjson\"\nexit 1\n");
        NativeReport r = new NativeConformance(new VmRunner(dir, 60, err), NativeConformance.defaultValidators(tmp.resolve("checker")))
                .run(List.of("a/b"), tmp.resolve("out"));
        assertFalse(r.passed());
        assertTrue(r.problems().contains("not ok 1 a/b"), r.problems().toString());
        assertTrue(r.problems().contains("the harness exited with status 1"), r.problems().toString());
        assertTrue(Files.exists(tmp.resolve("out/traces/a__b.ndjson")));
    }

    @Test
    void aScenarioWithoutTraceIsAProblemEvenWhenKtapSaysOk(@TempDir Path tmp) throws Exception {
        Path dir = fakeNativeDir(tmp, "while [ $# -gt 0 ]; do case $1 in --out) out=$2; shift 2;; *) shift;; esac; done\n"
                + "mkdir -p \"$out\"\nprintf 'TAP version 13\\n1..1\\nok 1 a/b\\ndmabuf-native: exit status 0\\n' > \"$out/console.log\"\n"
                + ": > \"$out/trace.ndjson\"\nexit 0\n");
        NativeReport r = new NativeConformance(new VmRunner(dir, 60, err), NativeConformance.defaultValidators(tmp.resolve("checker")))
                .run(List.of(), tmp.resolve("out"));
        assertFalse(r.passed());
        assertTrue(r.problems().contains("no trace for scenario a/b"), r.problems().toString());
    }

    @Test
    void hostModeOnAHostWithoutTheSystemHeapSaysWhatIsMissing(@TempDir Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/dev/dma_heap/system")),
                "this host has a system heap; the error path does not apply");
        NativeRunException e = assertThrows(NativeRunException.class,
                () -> new HostRunner(tmp, err).run(List.of(), tmp.resolve("out")));
        assertTrue(e.getMessage().contains("/dev/dma_heap/system"), e.getMessage());
    }
}
