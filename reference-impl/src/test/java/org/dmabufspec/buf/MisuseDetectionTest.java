package org.dmabufspec.buf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.dmabufspec.exporter.SystemHeap;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.fence.DmaFenceArray;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.Misuse;
import org.dmabufspec.lockdep.MisuseException;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.resv.WwAcquireCtx;
import org.dmabufspec.resv.WwClass;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.trace.TraceRecorder;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each misuse lockdep / dma_resv_assert_held / WARN would catch: STRICT throws naming the rule,
 * RECORD lets it happen, lists it, and marks the event's {@code misuse} field.
 */
class MisuseDetectionTest {
    record Case(String rule, String op, Consumer<Kernel> misuse) {
        @Override
        public String toString() {
            return rule + " " + op;
        }
    }

    private static final DmaBufAttachOps NOTIFY = a -> { };

    static List<Arguments> cases() {
        return List.of(
                Arguments.of(new Case("R3", "dma_buf_map_attachment", k -> {
                    DmaBuf b = new VramExporter(k).create(4096);
                    DmaBufAttachment a = b.dynamicAttach("gpu0", NOTIFY);
                    b.mapAttachment(a, DmaDataDirection.BIDIRECTIONAL); // no dma_resv_lock
                })),
                Arguments.of(new Case("B17", "dma_buf_map_attachment_unlocked", k -> {
                    DmaBuf b = new SystemHeap(k).allocate(4096);
                    DmaBufAttachment a = b.attach("prime0");
                    b.resv().lock(null);
                    b.mapAttachmentUnlocked(a, DmaDataDirection.BIDIRECTIONAL); // RDMA umem bug c956940a4ab7
                })),
                Arguments.of(new Case("F13", "dma_resv_add_fence", k -> {
                    DmaBuf b = new SystemHeap(k).allocate(4096);
                    b.resv().lock(null);
                    b.resv().reserveFences(1);
                    b.resv().unlock();
                    b.resv().lock(null); // the reservation was forgotten at unlock
                    DmaFence f = DmaFence.init(k, k.fenceContextAlloc(1), 1);
                    b.resv().addFence(f, DmaResvUsage.WRITE);
                })),
                Arguments.of(new Case("F13", "dma_resv_add_fence", k -> {
                    DmaBuf b = new SystemHeap(k).allocate(4096);
                    b.resv().addFence(DmaFence.init(k, k.fenceContextAlloc(1), 1), DmaResvUsage.READ); // unlocked
                })),
                Arguments.of(new Case("F14", "dma_resv_add_fence", k -> {
                    DmaBuf b = new SystemHeap(k).allocate(4096);
                    DmaFence arr = DmaFenceArray.create(k, List.of(DmaFence.init(k, k.fenceContextAlloc(1), 1),
                            DmaFence.init(k, k.fenceContextAlloc(1), 1)));
                    b.resv().lock(null);
                    b.resv().reserveFences(1);
                    b.resv().addFence(arr, DmaResvUsage.READ);
                })),
                Arguments.of(new Case("R13", "dma_buf_unmap_attachment", k -> {
                    DmaBuf b = new SystemHeap(k).allocate(4096);
                    DmaBufAttachment a = b.attach("prime0");
                    b.resv().lock(null);
                    b.unmapAttachment(a, new SgTable("s999", null, DmaDataDirection.BIDIRECTIONAL),
                            DmaDataDirection.BIDIRECTIONAL);
                })),
                Arguments.of(new Case("R2", "dma_buf_move_notify", k -> new VramExporter(k).create(4096).moveNotify())),
                Arguments.of(new Case("R8", "dma_buf_pin", k -> {
                    DmaBuf b = new VramExporter(k).create(4096);
                    DmaBufAttachment a = b.attach("prime0");
                    b.resv().lock(null);
                    b.pin(a);
                })),
                Arguments.of(new Case("R12", "dma_buf_detach", k -> {
                    DmaBuf b = new SystemHeap(k).allocate(4096);
                    DmaBufAttachment a = b.attach("prime0");
                    b.mapAttachmentUnlocked(a, DmaDataDirection.BIDIRECTIONAL);
                    b.detach(a); // 6.15: detach unmaps nothing
                })),
                Arguments.of(new Case("R18", "dma_buf_put", k -> {
                    DmaBuf b = new SystemHeap(k).allocate(4096);
                    b.attach("prime0");
                    b.put();
                })),
                Arguments.of(new Case("F8", "dma_fence_set_error", k -> {
                    DmaFence f = DmaFence.init(k, k.fenceContextAlloc(1), 1);
                    f.signal();
                    f.setError(Errno.EIO);
                })),
                Arguments.of(new Case("F12", "dma_fence_signal", k -> {
                    long c = k.fenceContextAlloc(1);
                    DmaFence f1 = DmaFence.init(k, c, 1);
                    DmaFence f2 = DmaFence.init(k, c, 2);
                    f2.signal();
                    f1.signal();
                })),
                Arguments.of(new Case("F18", "ww_acquire_fini", k -> {
                    DmaBuf b = new SystemHeap(k).allocate(4096);
                    WwAcquireCtx ctx = WwAcquireCtx.init(k, new WwClass("t"));
                    b.resv().lock(ctx);
                    ctx.fini();
                })));
    }

    private static Kernel kernel(Mode mode, Tracer t) {
        return new Kernel(KernelBehaviour.parse("6.15", true), t, mode);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void strictModeThrowsNamingTheRule(Case c) {
        MisuseException e = assertThrows(MisuseException.class, () -> c.misuse().accept(kernel(Mode.STRICT, Tracer.DISABLED)));
        assertEquals(c.rule(), e.rule(), e.getMessage());
        assertTrue(e.getMessage().startsWith(c.rule() + ": "));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void recordModeLetsItHappenAndMarksTheEvent(Case c) {
        TraceRecorder rec = new TraceRecorder();
        Kernel k = kernel(Mode.RECORD, new Tracer(rec, Clock.LOGICAL));
        c.misuse().accept(k);
        rec.finish(org.dmabufspec.trace.TraceEnd.Status.COMPLETE, null);
        List<String> rules = k.lockdep().recorded().stream().map(Misuse::rule).collect(Collectors.toList());
        assertTrue(rules.contains(c.rule()), () -> "recorded " + rules);
        List<TraceEvent> marked = rec.events().stream()
                .filter(e -> e.misuse() != null && e.misuse().contains(c.rule())).collect(Collectors.toList());
        assertTrue(marked.stream().anyMatch(e -> e.op().wire().equals(c.op())),
                () -> "events marked " + c.rule() + ": " + marked.stream().map(TraceEvent::op).collect(Collectors.toList()));
    }
}
