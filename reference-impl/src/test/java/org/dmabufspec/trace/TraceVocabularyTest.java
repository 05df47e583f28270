package org.dmabufspec.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.fence.DmaFenceCb;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.resv.WwAcquireCtx;
import org.dmabufspec.resv.WwClass;
import org.dmabufspec.syncfile.SyncFile;
import org.dmabufspec.uapi.DmaBufIoctl;
import org.dmabufspec.uapi.SyncFlags;
import org.dmabufspec.uapi.Vgem;
import org.dmabufspec.workload.Injection;
import org.dmabufspec.workload.Workload;
import org.dmabufspec.workload.WorkloadConfig;
import org.junit.jupiter.api.Test;

/**
 * Every op the reference implementation writes is in the version-1 vocabulary of
 * trace-schema.json (module conformance/format), and every field name too. The trace of this
 * test (target/trace-examples.ndjson) is where the examples of TRACE-FORMAT.md come from.
 */
class TraceVocabularyTest {

    private static void everyCall(Kernel k) {
        Vgem vgem = new Vgem(k);
        DmaBufIoctl io = new DmaBufIoctl(k);
        int bo = vgem.createBo(4096);
        DmaBuf sys = vgem.buf(bo);
        int rf = vgem.fenceAttach(bo, 0, 0);
        io.poll(sys, true, true);
        vgem.fenceSignal(rf, 0);
        io.setName(sys, "scanout");
        io.sync(sys, SyncFlags.DMA_BUF_SYNC_START | SyncFlags.DMA_BUF_SYNC_RW);
        io.sync(sys, SyncFlags.DMA_BUF_SYNC_END | SyncFlags.DMA_BUF_SYNC_RW);
        SyncFile a = io.exportSyncFile(sys, SyncFlags.DMA_BUF_SYNC_WRITE);
        DmaFence sw = DmaFence.init(k, k.fenceContextAlloc(1), 1);
        SyncFile m = io.merge(a, SyncFile.create(k, sw));
        io.importSyncFile(sys, SyncFlags.DMA_BUF_SYNC_READ, m);
        sw.enableSwSignaling();
        DmaFenceCb cb = new DmaFenceCb("cb-example", f -> { });
        sw.addCallback(cb);
        sw.removeCallback(cb);
        sw.addCallback(new DmaFenceCb("cb-example2", f -> { }));
        sw.setError(Errno.EIO);
        sw.waitTimeout(true, 0);
        sw.signal();
        sw.put();
        sys.resv().testSignaled(DmaResvUsage.BOOKKEEP);
        sys.resv().waitTimeout(DmaResvUsage.READ, true, 1_000_000);

        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(8192);
        DmaBufAttachment dyn = b.dynamicAttach("gpu0", x -> { });
        WwAcquireCtx ctx = WwAcquireCtx.init(k, WwClass.RESERVATION);
        b.resv().lock(ctx);
        sys.resv().lock(ctx);
        ctx.done();
        sys.resv().unlock();
        b.resv().unlock();
        ctx.fini();
        b.resv().lock(null);
        b.pin(dyn);
        SgTable s = b.mapAttachment(dyn, DmaDataDirection.BIDIRECTIONAL);
        b.unmapAttachment(dyn, s, DmaDataDirection.BIDIRECTIONAL);
        b.unpin(dyn);
        b.resv().unlock();
        if (b.resv().trylock()) {
            b.resv().unlock();
        }
        // a process's mmap: a fault, a store, the eviction's zap, a load that faults again; a kernel vmap's load
        org.dmabufspec.cpuvm.CpuMmap proc = org.dmabufspec.cpuvm.CpuMmap.mmap(k, vram, b, "proc0");
        proc.load(org.dmabufspec.importer.Access.WRITE);
        vram.completeMove(vram.evict(b));
        proc.load(org.dmabufspec.importer.Access.READ);
        proc.munmap();
        org.dmabufspec.cpuvm.CpuVmap kva = org.dmabufspec.cpuvm.CpuVmap.vmap(k, b, "kernel0");
        kva.access(org.dmabufspec.importer.Access.READ);
        kva.vunmap();
        b.detach(dyn);
        b.get();
        b.put();
        b.put();

        // udmabuf, PRIME import into vgem, vmap, mmap, GEM/DRM close, a vgem fence expiring
        org.dmabufspec.uapi.Memfd memfd = org.dmabufspec.uapi.Memfd.create("examples", 8192);
        memfd.addSeals(org.dmabufspec.uapi.Memfd.F_SEAL_SHRINK);
        org.dmabufspec.uapi.Udmabuf udmabuf = new org.dmabufspec.uapi.Udmabuf(k);
        DmaBuf u = udmabuf.create(memfd, org.dmabufspec.uapi.Udmabuf.UDMABUF_FLAGS_CLOEXEC, 0, 4096);
        udmabuf.createList(0, java.util.List.of(new org.dmabufspec.uapi.Udmabuf.Item(memfd, 4096, 4096))).put();
        org.dmabufspec.uapi.DrmFile file = vgem.open();
        int imported = vgem.primeFdToHandle(file, u);
        vgem.primeFdToHandle(file, u);
        int uf = vgem.fenceAttach(file, imported, Vgem.VGEM_FENCE_WRITE, 0);
        k.timers().advance(Vgem.VGEM_FENCE_TIMEOUT_NS);
        try {
            vgem.fenceSignal(file, uf, 0);
        } catch (org.dmabufspec.kernel.KernelError expired) {
            // -ETIMEDOUT: the example of a late signal
        }
        vgem.gemClose(file, imported);
        int again = vgem.primeFdToHandle(file, u);
        vgem.fenceAttach(file, again, 0, 0);
        vgem.close(file);
        String va = u.vmapUnlocked();
        u.resv().lock(null);
        u.vmap();
        u.vunmap(va);
        u.resv().unlock();
        u.vunmapUnlocked(va);
        org.dmabufspec.uapi.DmaBufMmap mapping = io.mmap(u, 0, 4096, true);
        u.put();
        io.munmap(mapping);
    }

    @Test
    void everyEmittedOpAndFieldIsInTheSchema() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(TraceVocabularyTest.class.getResourceAsStream("/trace-schema.json"));
        Set<String> ops = new TreeSet<>();
        schema.at("/$defs/op/enum").forEach(n -> ops.add(n.asText()));
        Set<String> fields = new TreeSet<>();
        schema.at("/$defs/event/properties").fieldNames().forEachRemaining(fields::add);
        Set<String> argNames = new TreeSet<>();
        schema.at("/$defs/args/properties").fieldNames().forEachRemaining(argNames::add);

        StringWriter sw = new StringWriter();
        KernelBehaviour kb = KernelBehaviour.parse("7.1", true);
        TraceWriter w = new TraceWriter(sw, new TraceHeader(Implementation.REFERENCE, KernelInfo.of(kb), Clock.LOGICAL,
                "examples", 1L, null, null));
        Tracer t = new Tracer(w, Clock.LOGICAL);
        everyCall(new Kernel(kb, t, Mode.STRICT));
        for (String label : new String[] {"6.1", "6.2", "6.15"}) {
            new Workload(new WorkloadConfig(1, 400, 3, KernelBehaviour.parse(label, true), null, Clock.LOGICAL), t).run();
        }
        new Workload(new WorkloadConfig(1, 400, 3, kb, Injection.MAP_WITHOUT_LOCK, Clock.LOGICAL), t).run();
        w.finish(TraceEnd.Status.COMPLETE, null);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "trace-examples.ndjson"), sw.toString());

        Set<String> emitted = new TreeSet<>();
        ObjectMapper om = new ObjectMapper();
        for (String line : sw.toString().split("\n")) {
            JsonNode n = om.readTree(line);
            if (!n.get("type").asText().equals("event")) {
                continue;
            }
            String op = n.get("op").asText();
            emitted.add(op);
            assertTrue(ops.contains(op), () -> "op " + op + " is not in trace-schema.json");
            n.fieldNames().forEachRemaining(f -> assertTrue(fields.contains(f), () -> "field " + f + " of " + op));
            if (n.has("args")) {
                n.get("args").fieldNames().forEachRemaining(a -> assertTrue(argNames.contains(a), () -> "arg " + a + " of " + op));
            }
        }
        assertTrue(emitted.size() >= 55, () -> "only " + emitted.size() + " ops exercised: " + emitted);
    }
}
