package org.dmabufspec.conformance.nativerun.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dmabufspec.conformance.nativerun.NativeDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kmod/build.sh must stop with a message naming what is missing, never half-build. */
class KmodBuildScriptTest {

    private static String run(Path cache, String... args) throws Exception {
        Path script = NativeDir.locate().resolve("kmod/build.sh");
        String[] cmd = new String[args.length + 2];
        cmd[0] = "bash";
        cmd[1] = script.toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DMABUF_CACHE_DIR", cache.toString());
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
}
