package org.dmabufspec.conformance.nativerun.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dmabufspec.conformance.nativerun.DeadMirror;
import org.dmabufspec.conformance.nativerun.NativeDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.dmabufspec.conformance.TestResources;

/** kmod/build.sh must stop with a message naming what is missing, never half-build. */
@ResourceLock(TestResources.NATIVE_HOST)
class KmodBuildScriptTest {

    private static String run(Path cache, String... args) throws Exception {
        Path script = NativeDir.locate().resolve("kmod/build.sh");
        String[] cmd = new String[args.length + 2];
        cmd[0] = "bash";
        cmd[1] = script.toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DMABUF_CACHE_DIR", cache.toString());
        DeadMirror.apply(pb.environment());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "build.sh hung");
        return p.exitValue() + "\n" + out;
    }

    @Test
    void kernelDirectoryThatIsNotAnExtractedKernelIsRefused(@TempDir Path tmp) throws Exception {
        String r = run(tmp, tmp.resolve("nokernel").toString());
        assertTrue(r.startsWith("2\n"), r);
        assertTrue(r.contains("is not an extracted kernel (run vm/fetch-kernel.sh)"), r);
    }

    @Test
    void missingPrivateAptConfigurationIsNamed(@TempDir Path tmp) throws Exception {
        Path k = tmp.resolve("kernel");
        Files.createDirectories(k);
        Files.writeString(k.resolve("abi"), "6.12.107+deb13-amd64\n");
        Files.writeString(k.resolve("complete"), "");
        String r = run(tmp.resolve("cache"), k.toString());
        assertTrue(r.startsWith("2\n"), r);
        assertTrue(r.contains("no private apt configuration in"), r);
        assertTrue(Files.notExists(tmp.resolve("cache/kmod/6.12.107+deb13-amd64/complete")), "nothing may be marked complete");
    }

    @Test
    void unexpectedAbiNameIsRefused(@TempDir Path tmp) throws Exception {
        Path k = tmp.resolve("kernel");
        Files.createDirectories(k);
        Files.writeString(k.resolve("abi"), "6.12.107+deb13-arm64\n");
        Files.writeString(k.resolve("complete"), "");
        String r = run(tmp.resolve("cache"), k.toString());
        assertTrue(r.startsWith("2\n"), r);
        assertTrue(r.contains("unexpected kernel ABI '6.12.107+deb13-arm64'"), r);
    }

    private static final String ABI = "6.12.99+deb13-amd64";

    /** An extracted kernel as vm/fetch-kernel.sh leaves it (only what build.sh reads). */
    private static Path kernel(Path tmp) throws Exception {
        Path k = tmp.resolve("kernel");
        Files.createDirectories(k);
        Files.writeString(k.resolve("abi"), ABI + "\n");
        Files.writeString(k.resolve("complete"), "");
        return k;
    }

    private static void sh(Path dir, String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), command + ": " + out);
    }

    /**
     * An unpacked build tree as build.sh leaves it (with or without its SHA256SUMS): a gcc wrapper that
     * answers --version, a header file, and the module built from today's sources with its checksum.
     */
    private static Path cachedTree(Path cache, boolean withSums) throws Exception {
        Path tool = cache.resolve("kmod").resolve(ABI);
        Path wrap = Files.createDirectories(tool.resolve("root/wrap"));
        Files.writeString(wrap.resolve("x86_64-linux-gnu-gcc-14"), "#!/bin/sh\necho 'x86_64-linux-gnu-gcc-14 (Debian 14.2.0) 14.2.0'\n");
        wrap.resolve("x86_64-linux-gnu-gcc-14").toFile().setExecutable(true);
        Path hdr = Files.createDirectories(tool.resolve("root/usr/src/linux-headers-" + ABI + "/include/linux"));
        Files.writeString(hdr.resolve("dma-buf.h"), "struct dma_buf;\n");
        Files.writeString(tool.resolve("abi"), ABI + "\n");
        if (withSums) {
            sh(tool, "find root -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum > SHA256SUMS");
        }
        Files.writeString(tool.resolve("complete"), "");
        // build.sh keys the module by sha_of(dmabuf_conformance.c, Kbuild) (vm/lib.sh)
        Path kmod = NativeDir.locate().resolve("kmod");
        Process p = new ProcessBuilder("bash", "-c", ". \"$0/../vm/lib.sh\"; sha_of \"$0/dmabuf_conformance.c\" \"$0/Kbuild\"",
                kmod.toString()).start();
        String hash = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor());
        Path build = Files.createDirectories(tool.resolve("build-" + hash));
        Files.writeString(build.resolve("dmabuf_conformance.ko"), "a built module\n");
        sh(build, "sha256sum dmabuf_conformance.ko > dmabuf_conformance.ko.sha256");
        return tool;
    }

    @Test
    void anIntactBuildTreeAndModuleAreUsedWithoutTheNetwork(@TempDir Path tmp) throws Exception {
        Path tool = cachedTree(tmp.resolve("cache"), true);
        String r = run(tmp.resolve("cache"), kernel(tmp).toString());
        assertTrue(r.startsWith("0\n"), r);
        assertTrue(r.strip().endsWith("/dmabuf_conformance.ko"), r);
        assertTrue(r.contains(tool.toString()), r);
    }

    @Test
    void aCorruptedBuildTreeIsDroppedAndFetchedAgainNeverUsed(@TempDir Path tmp) throws Exception {
        Path tool = cachedTree(tmp.resolve("cache"), true);
        Files.writeString(tool.resolve("root/usr/src/linux-headers-" + ABI + "/include/linux/dma-buf.h"), "truncated");
        String r = run(tmp.resolve("cache"), kernel(tmp).toString());
        // no private apt configuration in this cache, so fetching again stops there, naming both causes
        assertTrue(r.startsWith("2\n"), r);
        assertTrue(r.contains("the cached build tree in " + tool + " failed its checksum (a file is corrupted or missing); fetching it again"), r);
        assertTrue(r.contains("no private apt configuration in"), r);
        assertTrue(Files.notExists(tool), "the corrupted tree must be removed, so no later run uses it");
    }

    @Test
    void aBuildTreeMissingAFileIsCorruptedToo(@TempDir Path tmp) throws Exception {
        Path tool = cachedTree(tmp.resolve("cache"), true);
        Files.delete(tool.resolve("root/wrap/x86_64-linux-gnu-gcc-14"));
        String r = run(tmp.resolve("cache"), kernel(tmp).toString());
        assertTrue(r.startsWith("2\n"), r);
        assertTrue(r.contains("failed its checksum"), r);
    }

    @Test
    void aBuildTreeFromBeforeChecksumsGetsThemRecordedOnce(@TempDir Path tmp) throws Exception {
        Path tool = cachedTree(tmp.resolve("cache"), false);
        String r = run(tmp.resolve("cache"), kernel(tmp).toString());
        assertTrue(r.startsWith("0\n"), r);
        assertTrue(r.contains("recording checksums of the cached build tree"), r);
        assertTrue(Files.readString(tool.resolve("SHA256SUMS")).contains("root/wrap/x86_64-linux-gnu-gcc-14"));
        Files.writeString(tool.resolve("root/usr/src/linux-headers-" + ABI + "/include/linux/dma-buf.h"), "changed");
        assertTrue(run(tmp.resolve("cache"), kernel(tmp).toString()).startsWith("2\n"), "after the sums are recorded, a change is caught");
    }

    @Test
    void aCorruptedCachedModuleIsBuiltAgainNeverLoaded(@TempDir Path tmp) throws Exception {
        Path tool = cachedTree(tmp.resolve("cache"), true);
        Path ko;
        try (var s = Files.list(tool)) {
            ko = s.filter(p -> p.getFileName().toString().startsWith("build-")).findFirst().orElseThrow()
                    .resolve("dmabuf_conformance.ko");
        }
        Files.writeString(ko, "bit rot");
        String r = run(tmp.resolve("cache"), kernel(tmp).toString());
        // the fake tree has no kernel Makefile, so the rebuild fails: exit 2, and the bad module is not printed
        assertTrue(r.contains("failed its checksum; building it again"), r);
        assertTrue(r.startsWith("2\n"), r);
        assertTrue(r.contains("building the module failed"), r);
    }

    @Test
    void noRouteToTheDebianArchiveIsNamedAndLeavesNothingMarkedComplete(@TempDir Path tmp) throws Exception {
        // the private apt configuration fetch-kernel.sh leaves, its mirror a dead local port, no lists yet
        Path apt = tmp.resolve("cache/apt");
        Files.createDirectories(apt.resolve("lists/partial"));
        Files.createDirectories(apt.resolve("cache/archives/partial"));
        Files.writeString(apt.resolve("sources.list"),
                "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] " + DeadMirror.URL + " trixie main\n");
        for (int run = 0; run < 2; run++) { // a re-run meets no leftover of the first
            String r = run(tmp.resolve("cache"), kernel(tmp).toString());
            assertTrue(r.startsWith("2\n"), r);
            assertTrue(r.contains("native-vm: ERROR: apt-get update of the trixie suite failed: no network to the Debian registry?"), r);
            assertTrue(Files.notExists(tmp.resolve("cache/kmod").resolve(ABI).resolve("complete")), "nothing may be marked complete");
        }
    }
}
