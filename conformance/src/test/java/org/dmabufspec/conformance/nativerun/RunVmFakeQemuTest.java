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
import org.junit.jupiter.api.parallel.ResourceLock;
import org.dmabufspec.conformance.TestResources;

/**
 * The whole of {@code vm/run-vm.sh} (host-package check, cached kernel, harness and initramfs build,
 * boot under {@code timeout}, verdict) with a fake {@code qemu-system-x86_64} first on the PATH: a
 * qemu that panics the kernel, is killed, does not start or hangs must each give the verdict naming
 * its cause and exit 2, never 0; so must qemu missing on a host without a route to the Debian
 * archive, no route to it with nothing cached, and a corrupted cached initramfs or harness must be
 * built again. After each fault the next run passes with no cleanup. Nothing is booted or
 * downloaded: the kernel cache is a fake extraction with its SHA256SUMS, the mirror a dead local
 * port. Tagged {@code native} because the harness and initramfs are built for real (gcc -static,
 * busybox-static, cpio: run-vm.sh installs them where missing).
 */
@ResourceLock(TestResources.NATIVE_HOST)
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
        fakeKernelCache(shared.resolve("cache"));
        Files.createDirectories(shared.resolve("cache/harness"));
        Files.createDirectories(shared.resolve("cache/initramfs"));
        Path bin = Files.createDirectories(shared.resolve("bin"));
        Path qemu = bin.resolve("qemu-system-x86_64");
        Files.writeString(qemu, FAKE_QEMU);
        Files.setPosixFilePermissions(qemu, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A kernel extraction as fetch-kernel.sh leaves it, with its SHA256SUMS, fresh. */
    private static void fakeKernelCache(Path cache) throws Exception {
        Path dir = cache.resolve("kernel").resolve(ABI);
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
        Files.createSymbolicLink(cache.resolve("kernel/latest"), Path.of(ABI));
    }

    private static Run runVm(String mode, int timeoutSeconds) throws Exception {
        return runVm(mode, timeoutSeconds, Files.createTempDirectory(shared, mode + "-"), shared.resolve("cache"),
                shared.resolve("bin") + ":" + System.getenv("PATH"));
    }

    private static Run runVm(String mode, Path out) throws Exception {
        return runVm(mode, 60, out, shared.resolve("cache"), shared.resolve("bin") + ":" + System.getenv("PATH"));
    }

    private static Run runVm(String mode, int timeoutSeconds, Path out, Path cache, String path) throws Exception {
        Path args = out.resolve("qemu-args");
        Files.deleteIfExists(args);
        ProcessBuilder pb = new ProcessBuilder("bash", NativeDir.locate().resolve("vm/run-vm.sh").toString(),
                "--out", out.toString(), "--scenarios", "igt/vgem_basic/busy-fence", "--timeout", Integer.toString(timeoutSeconds));
        pb.environment().put("PATH", path);
        pb.environment().put("DMABUF_CACHE_DIR", cache.toString());
        DeadMirror.apply(pb.environment()); // any fetch fails at once, as without a route
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

    @Test
    void aRerunAfterAPanicOrAKilledQemuPassesWithoutCleanup() throws Exception {
        Path out = Files.createTempDirectory(shared, "rerun-");
        assertEquals(2, runVm("panic", out).exit());
        Run again = runVm("pass", out);
        assertEquals(0, again.exit(), again.out());
        assertEquals(2, runVm("killed", out).exit());
        again = runVm("pass", out);
        assertEquals(0, again.exit(), again.out());
    }

    @Test
    void aFailedRunNeverPassesOnThePreviousRunsFilesInTheSameOutDir() throws Exception {
        Path out = Files.createTempDirectory(shared, "stale-");
        assertEquals(0, runVm("pass", out).exit());
        // console.log and trace.ndjson of the passing run are still there when qemu fails to start
        Run r = runVm("nostart", out);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("native-vm: ERROR: qemu failed to start"), r.out());
    }

    /**
     * A PATH on which every program of the machine's PATH is found except those named: a host
     * without qemu, without any change to the machine.
     */
    private static Path pathWithout(Path dir, String... left) throws Exception {
        Files.createDirectories(dir);
        java.util.Set<String> skip = java.util.Set.of(left);
        for (String d : System.getenv("PATH").split(":")) {
            Path p = Path.of(d);
            if (d.isEmpty() || !Files.isDirectory(p)) {
                continue;
            }
            try (var files = Files.list(p)) {
                for (Path f : files.toList()) {
                    Path link = dir.resolve(f.getFileName().toString());
                    if (!skip.contains(f.getFileName().toString()) && Files.notExists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, f);
                    }
                }
            }
        }
        return dir;
    }

    private static void script(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void qemuMissingWithNoRouteToTheDebianArchiveIsNamedAndARerunWithQemuPasses() throws Exception {
        Path bin = pathWithout(shared.resolve("no-qemu-bin"), "qemu-system-x86_64", "apt-get", "sudo");
        // apt-get as it fails without a route to deb.debian.org; sudo only runs it (never the real one)
        Path aptLog = shared.resolve("no-qemu-apt.log");
        script(bin.resolve("apt-get"), "#!/bin/sh\nprintf '%s\\n' \"$*\" >> " + aptLog + "\n"
                + "echo 'E: Failed to fetch http://deb.debian.org/debian/dists/trixie/InRelease  Could not connect to deb.debian.org:80 (146.75.118.132), connection timed out' >&2\nexit 100\n");
        script(bin.resolve("sudo"), "#!/bin/sh\n[ \"$1\" = -n ] && shift\nexec \"$@\"\n");
        Path out = Files.createTempDirectory(shared, "no-qemu-");
        Run r = runVm("pass", 60, out, shared.resolve("cache"), bin.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("native-vm: installing missing host packages: qemu-system-x86"), r.out());
        assertTrue(r.out().contains("native-vm: ERROR: apt-get update failed (no network to the Debian registry, or no root): cannot install qemu-system-x86"), r.out());
        assertEquals("", r.qemuArgs(), "nothing was booted");
        assertFalse(Files.readString(aptLog).contains("install"), "no install after a failed update");
        // qemu installed since: the same command passes, nothing to clean up first
        Files.copy(shared.resolve("bin/qemu-system-x86_64"), bin.resolve("qemu-system-x86_64"));
        Run again = runVm("pass", 60, out, shared.resolve("cache"), bin.toString());
        assertEquals(0, again.exit(), again.out());
    }

    @Test
    void noRouteToTheDebianArchiveWithNothingCachedIsNamedNoBootAndARerunRecovers() throws Exception {
        Path cache = Files.createDirectories(shared.resolve("empty-cache"));
        // the built harness and initramfs are shared; the kernel cache is empty
        Files.createSymbolicLink(cache.resolve("harness"), shared.resolve("cache/harness"));
        Files.createSymbolicLink(cache.resolve("initramfs"), shared.resolve("cache/initramfs"));
        Path out = Files.createTempDirectory(shared, "no-route-");
        String path = shared.resolve("bin") + ":" + System.getenv("PATH");
        Run r = runVm("pass", 60, out, cache, path);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("native-vm: ERROR: apt-get update of the trixie suite failed: no network to the Debian registry?"), r.out());
        assertEquals("", r.qemuArgs(), "nothing was booted");
        assertFalse(Files.exists(cache.resolve("kernel/latest"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "no half-fetched kernel is left");
        // the route is back (the kernel arrives as a fetch leaves it): the same command passes
        fakeKernelCache(cache);
        Run again = runVm("pass", 60, out, cache, path);
        assertEquals(0, again.exit(), again.out());
    }

    private static Path initrdOf(Run r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-initrd (\\S+)").matcher(r.qemuArgs());
        assertTrue(m.find(), r.qemuArgs());
        return Path.of(m.group(1));
    }

    private static void assertIntact(Path file) throws Exception {
        Process p = new ProcessBuilder("sha256sum", "--quiet", "--strict", "-c", file.getFileName() + ".sha256")
                .directory(file.getParent().toFile()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), file + ": " + text);
    }

    @Test
    void aCorruptedCachedInitramfsIsBuiltAgainNeverBooted() throws Exception {
        Run first = runVm("pass", 60);
        assertEquals(0, first.exit(), first.out());
        Path initrd = initrdOf(first);
        byte[] whole = Files.readAllBytes(initrd);
        Files.write(initrd, java.util.Arrays.copyOf(whole, whole.length / 2)); // a cut write
        Run r = runVm("pass", 60);
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("native-vm: the cached " + initrd + " failed its checksum"), r.out());
        assertEquals(initrd, initrdOf(r));
        assertIntact(initrd);
        assertEquals(whole.length, Files.size(initrd), "the booted initramfs is a whole one again");
    }

    @Test
    void aCorruptedCachedHarnessIsBuiltAgain() throws Exception {
        assertEquals(0, runVm("pass", 60).exit());
        Path harness;
        try (var dirs = Files.list(shared.resolve("cache/harness"))) {
            harness = dirs.map(d -> d.resolve("dmabuf-native")).filter(Files::exists).findFirst().orElseThrow();
        }
        Files.writeString(harness, "corrupted", java.nio.file.StandardOpenOption.APPEND);
        Run r = runVm("pass", 60);
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("native-vm: the cached " + harness + " failed its checksum"), r.out());
        assertIntact(harness);
    }
}
