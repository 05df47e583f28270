package org.dmabufspec.conformance.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmabufspec.conformance.nativerun.NativeDir;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.dmabufspec.conformance.TestResources;

/**
 * The fallback for kernels before 6.6 proven on a real kernel: the same capture VM run as
 * {@link CaptureVmRunTest}, with the recorder given the table {@code dmabuf capture} computes
 * from the kernel's BTF ($argN and byte offsets, no argument names). Every check holds the same.
 * A second boot of a few minutes: deep tier ({@code -Pdeep}).
 */
@ResourceLock(TestResources.NATIVE_HOST)
@Tag("deep")
class CaptureOffsetsVmRunTest {

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd));
        return text;
    }

    @Test
    void theCaptureRecordedWithOffsetsFromTheKernelsBtfIsJudgedAndAgreesLikeTheOneWithArgumentNames() throws Exception {
        Path nat = NativeDir.locate();
        String kdir = run("bash", nat.resolve("vm/fetch-kernel.sh").toString()).strip();
        Path btf = Path.of(run("bash", nat.resolve("capture/kernel-btf.sh").toString(), kdir).strip());
        List<String> names = run("sh", nat.resolve("capture/dmabuf-capture.sh").toString(), "--print-probes").lines().toList();
        List<String> table = OffsetProbes.translate(names, Btf.read(btf));
        assertTrue(table.stream().noneMatch(l -> l.contains(" ! ")), table.toString());
        Path out = Path.of("target", "capture-offsets-vm-run").toAbsolutePath();
        Files.createDirectories(out);
        Path file = out.resolve("probes.table");
        Files.write(file, table, StandardCharsets.UTF_8);

        RawCapture raw = CaptureVmRunTest.runAndCheck(out, List.of("--probes", file.toString()));
        // the kernel got the offset definitions, not the names
        String attach = raw.probes().get("dma_buf_attach");
        assertTrue(attach.matches(".* buf=\\$arg1:x64 resv=\\+\\d+\\(\\$arg1\\):x64 dev=\\+0\\(\\+\\d+\\(\\$arg2\\)\\):string"), attach);
        assertFalse(raw.probes().values().stream().anyMatch(d -> d.contains("->")), raw.probes().toString());
    }
}
