package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fetch-kernel.sh without a reachable Debian mirror must fail loudly, never pass or skip. */
class FetchKernelScriptTest {

    @Test
    void noNetworkToTheDebianRegistryIsAClearFailure(@TempDir Path tmp) throws Exception {
        Path script = NativeDir.locate().resolve("vm/fetch-kernel.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
        pb.environment().put("DMABUF_CACHE_DIR", tmp.toString());
        pb.environment().put("DMABUF_DEBIAN_MIRROR", "http://127.0.0.1:9/debian");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "fetch-kernel.sh hung");
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("native-vm: ERROR: apt-get update of the trixie suite failed"), out);
        assertTrue(Files.notExists(tmp.resolve("kernel/latest")), "a failed fetch must not leave a cached kernel");
    }
}
