package org.dmabufspec.conformance.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dmabufspec.conformance.nativerun.NativeDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.dmabufspec.conformance.TestResources;

/** The recorder's probe table translated to $argN and offsets from BTF (kernels before 6.6). */
@ResourceLock(TestResources.NATIVE_HOST)
class OffsetProbesTest {
    private static final Btf BTF = Btf.parse(DmaBufBtf.build(true));

    private static List<String> table() throws Exception {
        Process p = new ProcessBuilder("sh", NativeDir.locate().resolve("capture/dmabuf-capture.sh").toString(), "--print-probes").start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return text.lines().toList();
    }

    private static String line(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + lines));
    }

    @Test
    void namesBecomeArgumentNumbersAndFieldsBecomeOffsetsThroughPointersTypedefsAndAnonymousUnions() throws Exception {
        List<String> t = OffsetProbes.translate(table(), BTF);
        assertEquals("dma_buf_export p dma_buf_export name=+0(+0($arg1)):string size=+24($arg1):u64 pin=+24(+16($arg1)):x64"
                + " cache=+0(+16($arg1)):u8 resv=+40($arg1):x64", line(t, "dma_buf_export"));
        assertEquals("dma_buf_export__r r dma_buf_export ret=$retval:x64 resv=+216($retval):x64", line(t, "dma_buf_export__r"));
        // file->f_count sits in an anonymous union at 48; .counter adds 0 to the same dereference
        assertEquals("dma_buf_put p dma_buf_put buf=$arg1:x64 fc=+48(+8($arg1)):s64", line(t, "dma_buf_put"));
        // dev->kobj.name: the embedded kobject at 16, its name at 0
        assertEquals("dma_buf_attach p dma_buf_attach buf=$arg1:x64 resv=+216($arg1):x64 dev=+0(+16($arg2)):string",
                line(t, "dma_buf_attach"));
        assertEquals("dma_buf_unmap_attachment p dma_buf_unmap_attachment att=$arg1:x64 buf=+0($arg1):x64 sgt=$arg2:x64 dir=$arg3:s32",
                line(t, "dma_buf_unmap_attachment"));
        assertEquals("ww_mutex_lock p ww_mutex_lock lock=$arg1:x64 ctx=$arg2:x64 stamp=+8($arg2):u64", line(t, "ww_mutex_lock"));
        assertEquals("dma_buf_release p dma_buf_release buf=+120($arg1):x64", line(t, "dma_buf_release"));
        // no probe lost: every name of the table has a definition
        Set<String> names = new TreeSet<>();
        table().forEach(l -> names.add(l.split(" ")[0]));
        Set<String> defined = new TreeSet<>();
        t.forEach(l -> defined.add(l.split(" ")[0]));
        assertEquals(names, defined);
        assertTrue(t.stream().noneMatch(l -> l.contains(" ! ")), t.toString());
    }

    @Test
    void aFunctionTheBtfLacksBecomesAMissingLineAndAFieldItLacksFallsBackToTheNextAlternative() throws Exception {
        List<String> t = OffsetProbes.translate(table(), Btf.parse(DmaBufBtf.build(false)));
        assertEquals("dma_buf_move_notify ! dma_buf_move_notify no function dma_buf_move_notify in the kernel's BTF",
                line(t, "dma_buf_move_notify"));
        assertEquals("dma_fence_enable_sw_signaling__r ! dma_fence_enable_sw_signaling no function dma_fence_enable_sw_signaling"
                + " in the kernel's BTF", line(t, "dma_fence_enable_sw_signaling__r"));
        // a table whose first alternative names a field this BTF does not have
        List<String> alt = OffsetProbes.translate(List.of(
                "ww_mutex_lock p ww_mutex_lock lock=lock:x64 ctx=ctx:x64 stamp=ctx->acquired:u64",
                "ww_mutex_lock p ww_mutex_lock lock=lock:x64 ctx=ctx:x64",
                "dma_buf_pin p dma_buf_pin att=attach:x64 buf=attach->importer_priv:x64"), BTF);
        assertEquals(List.of("ww_mutex_lock p ww_mutex_lock lock=$arg1:x64 ctx=$arg2:x64",
                "dma_buf_pin ! dma_buf_pin struct dma_buf_attachment has no member 'importer_priv' in the kernel's BTF"), alt);
    }

    @Test
    void aFileThatIsNotBtfIsRefused() throws Exception {
        Path f = Files.createTempFile("not-btf", ".bin");
        try {
            Files.writeString(f, "ELF or something");
            assertTrue(assertThrows(java.io.IOException.class, () -> Btf.read(f)).getMessage().contains("no little-endian BTF magic"));
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void theRunningKernelsBtfTranslatesTheWholeTable() throws Exception {
        // a real BTF exercises every kind the reader must skip; skipped where the machine has none
        Path vmlinux = Path.of("/sys/kernel/btf/vmlinux");
        assumeTrue(Files.isReadable(vmlinux), "no /sys/kernel/btf/vmlinux on this machine");
        Btf btf = Btf.read(vmlinux);
        List<String> t = OffsetProbes.translate(table(), btf);
        assertTrue(line(t, "dma_buf_attach").matches("dma_buf_attach p dma_buf_attach buf=\\$arg1:x64 resv=\\+\\d+\\(\\$arg1\\):x64"
                + " dev=\\+0\\(\\+\\d+\\(\\$arg2\\)\\):string"), line(t, "dma_buf_attach"));
        assertTrue(line(t, "ww_mutex_unlock").equals("ww_mutex_unlock p ww_mutex_unlock lock=$arg1:x64"), t.toString());
    }
}
