package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole of {@code vm/run-vm.sh} (host-package check, cached kernel, harness and initramfs build,
 * boot under {@code timeout}, verdict) with a fake {@code qemu-system-x86_64} first on the PATH: a
 * qemu that panics the kernel, is killed, does not start or hangs must each give the verdict naming
 * its cause and exit 2, never 0. Nothing is booted or downloaded: the kernel cache is a fake
 * extraction with its SHA256SUMS. Tagged {@code native} because the harness and initramfs are built
 * for real (gcc -static, busybox-static, cpio: run-vm.sh installs them where missing).
 */
@Tag("native")
class RunVmFakeQemuTest {
    private static final String ABI = "6.12.99+deb13-amd64";

    /** Writes the serial files the way a VM would, chosen by FAKE_QEMU; records its arguments. */
    private static final String FAKE_QEMU = """
            #!/bin/sh
            # fake qemu-system-x86_64 of RunVmFakeQemuTest
            printf '%s\\n' "$*" >> "$FAKE_QEMU_ARGS"
            console= trace=
            while [ $# -gt 0 ]; do
                if [ "$1" = -serial ]; then
                    case $2 in file:*) if [ -z "$console" ]; then console=${2#file:}; else trace=${2#file:}; fi ;; esac
                fi
                shift
            done
            case $FAKE_QEMU in
            pass)
                printf 'Linux version 6.12\\nTAP version 14\\nok 1 a\\ndmabuf-native: exit status 0\\n' > "$console"
                printf '{"type":"x"}\\n{"type":"end"}\\n' > "$trace"
                exit 0 ;;
            panic)
                printf 'Linux version 6.12\\nKernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\\n' > "$console"
                : > "$trace"
                exit 0 ;;  # -no-reboot: qemu exits 0 when the panicked guest resets
            killed)
                printf 'Linux version 6.12\\nTAP version 14\\nok 1 a\\n' > "$console"
                printf '{"type":"x"}\\n' > "$trace"
                kill -9 $$ ;;
            nostart)
                echo "qemu-system-x86_64: -accel tcg: invalid accelerator tcg" >&2
                exit 1 ;;
            hang)
                printf 'Linux version 6.12\\n' > "$console"
                exec sleep 600 ;;  # until run-vm.sh's timeout ends it
            esac
            echo "fake qemu: unknown FAKE_QEMU '$FAKE_QEMU'" >&2
            exit 3
            """;

    /** One cache for the class: the harness and the initramfs are built once. */
    @TempDir
    static Path shared;

    private record Run(int exit, String out, String qemuArgs) {
    }

    @BeforeAll
    static void fakeKernelCacheAndQemu() throws Exception {
        Path dir = shared.resolve("cache/kernel").resolve(ABI);
        Files.createDirectories(dir.resolve("modules"));
        Files.writeString(dir.resolve("vmlinuz"), "not a kernel image\n");
        Files.writeString(dir.resolve("config"), "CONFIG_DMA_SHARED_BUFFER=y\n");
        Files.writeString(dir.resolve("abi"), ABI + "\n");
        for (String m : new String[] {"drm", "drm_kms_helper", "drm_shmem_helper", "vgem"}) {
            Files.writeString(dir.resolve("modules/" + m + ".ko"), m + "\n");
        }
        Process sums = new ProcessBuilder("bash", "-c", "sha256sum vmlinuz config abi modules/*.ko > SHA256SUMS")
                .directory(dir.toFile()).start();
        assertEquals(0, sums.waitFor());
        Files.writeString(dir.resolve("complete"), ""); // fresh: no weekly look for a newer kernel
        Files.createSymbolicLink(shared.resolve("cache/kernel/latest"), Path.of(ABI));
        Path bin = Files.createDirectories(shared.resolve("bin"));
        Path qemu = bin.resolve("qemu-system-x86_64");
        Files.writeString(qemu, FAKE_QEMU);
        Files.setPosixFilePermissions(qemu, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Run runVm(String mode, int timeoutSeconds) throws Exception {
        Path out = Files.createTempDirectory(shared, mode + "-");
        Path args = out.resolve("qemu-args");
        ProcessBuilder pb = new ProcessBuilder("bash", NativeDir.locate().resolve("vm/run-vm.sh").toString(),
                "--out", out.toString(), "--scenarios", "igt/vgem_basic/busy-fence", "--timeout", Integer.toString(timeoutSeconds));
        pb.environment().put("PATH", shared.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("DMABUF_CACHE_DIR", shared.resolve("cache").toString());
        pb.environment().put("DMABUF_DEBIAN_MIRROR", "http://127.0.0.1:9/debian"); // any fetch would fail loudly
        pb.environment().put("DMABUF_VM_ACCEL", "tcg"); // no KVM probe: it would boot the fake too
        pb.environment().put("FAKE_QEMU", mode);
        pb.environment().put("FAKE_QEMU_ARGS", args.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "run-vm.sh hung");
        return new Run(p.exitValue(), text, Files.exists(args) ? Files.readString(args) : "");
    }

    @Test
    void theFakeQemuDrivesAPassSoTheFaultVerdictsBelowComeFromTheFaults() throws Exception {
        Run r = runVm("pass", 60);
        assertEquals(0, r.exit(), r.out());
        // run-vm.sh booted the cached kernel with the initramfs it built and the scenario asked for
        assertTrue(r.qemuArgs().contains("-kernel " + shared.resolve("cache/kernel").resolve(ABI).resolve("vmlinuz")), r.qemuArgs());
        assertTrue(r.qemuArgs().matches("(?s).*-initrd \\S*/initramfs/" + java.util.regex.Pattern.quote(ABI) + "-\\w+\\.cpio .*"), r.qemuArgs());
        assertTrue(r.qemuArgs().contains("DMABUF_SCENARIOS=igt/vgem_basic/busy-fence"), r.qemuArgs());
    }

    @Test
    void aKernelPanicIsNamedAndNoPass() throws Exception {
        Run r = runVm("panic", 60);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("native-vm: ERROR: the kernel panicked: not syncing: VFS: Unable to mount root fs"), r.out());
    }

    @Test
    void qemuKilledMidRunIsNamedAndNoPass() throws Exception {
        Run r = runVm("killed", 60);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("native-vm: ERROR: qemu was killed (signal 9) before the harness finished"), r.out());
    }

    @Test
    void qemuThatDoesNotStartIsNamedWithItsOwnMessageAndNoPass() throws Exception {
        Run r = runVm("nostart", 60);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("native-vm: ERROR: qemu failed to start (exit 1, nothing on the console)"), r.out());
        assertTrue(r.out().contains("invalid accelerator tcg"), "qemu's own stderr is shown: " + r.out());
    }

    @Test
    void qemuThatHangsIsEndedByTheTimeoutAndNamedNoPass() throws Exception {
        Run r = runVm("hang", 2);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("native-vm: ERROR: the kernel did not reach the harness within 2s"), r.out());
        assertFalse(r.out().contains("exit status 0"), r.out());
    }
}
