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
 * fetch-kernel.sh without a reachable Debian mirror must fail loudly, never pass or skip; a
 * corrupted cache is detected by checksum and dropped, so the next run fetches it again.
 * Simulated: a temp cache dir and a mirror at a dead local port, no real download.
 */
@ResourceLock(TestResources.NATIVE_HOST)
class FetchKernelScriptTest {
    private static final String ABI = "6.12.99+deb13-amd64";

    private record Run(int exit, String out) {
    }

    private static Run fetch(Path cache) throws Exception {
        Path script = NativeDir.locate().resolve("vm/fetch-kernel.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
        pb.environment().put("DMABUF_CACHE_DIR", cache.toString());
        DeadMirror.apply(pb.environment()); // any fetch fails at once, as without a route
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "fetch-kernel.sh hung");
        return new Run(p.exitValue(), out);
    }

    /** A cached extraction as fetch-kernel.sh leaves it, with or without its SHA256SUMS. */
    private static Path cachedKernel(Path cache, boolean withSums) throws Exception {
        Path dir = cache.resolve("kernel").resolve(ABI);
        Files.createDirectories(dir.resolve("modules"));
        Files.writeString(dir.resolve("vmlinuz"), "not a real kernel image\n");
        Files.writeString(dir.resolve("config"), "CONFIG_DMA_SHARED_BUFFER=y\n");
        Files.writeString(dir.resolve("abi"), ABI + "\n");
        Files.writeString(dir.resolve("modules/vgem.ko"), "module\n");
        if (withSums) {
            Process p = new ProcessBuilder("bash", "-c", "sha256sum vmlinuz config abi modules/*.ko > SHA256SUMS")
                    .directory(dir.toFile()).start();
            assertEquals(0, p.waitFor());
        }
        Files.writeString(dir.resolve("complete"), "");
        Files.createSymbolicLink(cache.resolve("kernel/latest"), Path.of(ABI));
        return dir;
    }

    @Test
    void anIntactCacheIsUsedWithoutTheNetwork(@TempDir Path tmp) throws Exception {
        Path dir = cachedKernel(tmp, true);
        Run r = fetch(tmp);
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().strip().endsWith(dir.toRealPath().toString()), r.out());
    }

    @Test
    void aCorruptedCacheIsDroppedAndFetchedAgainNeverUsed(@TempDir Path tmp) throws Exception {
        Path dir = cachedKernel(tmp, true);
        Files.writeString(dir.resolve("vmlinuz"), "truncated");
        Run r = fetch(tmp);
        // the mirror is dead, so fetching again fails, naming both causes
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("failed its checksum (a file is corrupted or missing); fetching it again"), r.out());
        assertTrue(r.out().contains("native-vm: ERROR: apt-get update of the trixie suite failed"), r.out());
        assertTrue(Files.notExists(dir), "the corrupted extraction must be removed, so no later run uses it");
        assertTrue(Files.notExists(tmp.resolve("kernel/latest"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aCacheMissingAFileIsCorruptedToo(@TempDir Path tmp) throws Exception {
        Path dir = cachedKernel(tmp, true);
        Files.delete(dir.resolve("modules/vgem.ko"));
        Run r = fetch(tmp);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("failed its checksum"), r.out());
    }

    @Test
    void aCacheFromBeforeChecksumsGetsThemRecordedOnce(@TempDir Path tmp) throws Exception {
        Path dir = cachedKernel(tmp, false);
        Run r = fetch(tmp);
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("recording checksums of the cached kernel"), r.out());
        assertTrue(Files.readString(dir.resolve("SHA256SUMS")).contains("vmlinuz"));
        Files.writeString(dir.resolve("config"), "changed");
        assertEquals(2, fetch(tmp).exit(), "after the sums are recorded, a change is caught");
    }

    @Test
    void noNetworkToTheDebianRegistryIsAClearFailure(@TempDir Path tmp) throws Exception {
        Path script = NativeDir.locate().resolve("vm/fetch-kernel.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
        pb.environment().put("DMABUF_CACHE_DIR", tmp.toString());
        DeadMirror.apply(pb.environment()); // any fetch fails at once, as without a route
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "fetch-kernel.sh hung");
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("native-vm: ERROR: apt-get update of the trixie suite failed"), out);
        assertTrue(Files.notExists(tmp.resolve("kernel/latest")), "a failed fetch must not leave a cached kernel");
    }

    @Test
    void aWeekOldCacheWithNoRouteToTheDebianArchiveIsStillUsed(@TempDir Path tmp) throws Exception {
        Path dir = cachedKernel(tmp, true);
        Files.setLastModifiedTime(dir.resolve("complete"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(8))));
        Run r = fetch(tmp);
        // the weekly look for a newer point release fails offline: the intact cached kernel is used
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("could not check for a newer trixie kernel; using the cached " + ABI), r.out());
        assertTrue(r.out().strip().endsWith(dir.toRealPath().toString()), r.out());
        // and the next run does not try the network again for a week
        Run again = fetch(tmp);
        assertEquals(0, again.exit(), again.out());
        assertTrue(!again.out().contains("resolving the trixie kernel ABI"), again.out());
    }
}
