package org.dmabufspec.conformance.relation.coherency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmabufspec.conformance.relation.coherency.CoherencyOp.Attach;
import org.dmabufspec.conformance.relation.coherency.CoherencyOp.Detach;
import org.dmabufspec.conformance.relation.coherency.CoherencyOp.MapAttachment;
import org.dmabufspec.conformance.relation.coherency.CoherencyOp.SyncEnd;
import org.dmabufspec.conformance.relation.coherency.CoherencyOp.SyncStart;
import org.dmabufspec.conformance.relation.coherency.CoherencyOp.UnmapAttachment;
import org.junit.jupiter.api.Test;

/** The coherency check of logged buffer operations, on the scenarios of the DmaBufCoherency models. */
class StaleReadCheckTest {
    private static final StaleReadCheck SYSTEM_HEAP_6_15 =
            new StaleReadCheck("6.15", DmaDirection.BIDIRECTIONAL, true, false);
    private static final StaleReadCheck NO_CPU_OPS_6_15 =
            new StaleReadCheck("6.15", DmaDirection.BIDIRECTIONAL, false, false);
    private static final StaleReadCheck NO_CPU_OPS_CACHED_6_2 =
            new StaleReadCheck("6.2", DmaDirection.BIDIRECTIONAL, false, false);

    private static final List<CoherencyOp> CAPTURE = List.of(new Attach(),
            new MapAttachment(DmaDirection.FROM_DEVICE), new UnmapAttachment(), new SyncStart(SyncFlag.READ));

    @Test
    void seed003CaptureOn615IsCoherent() {
        assertInstanceOf(CoherencyVerdict.Coherent.class, NO_CPU_OPS_6_15.check(CAPTURE));
    }

    @Test
    void seed004CachedBidirectionalTableReusedForCaptureLetsTheCpuReadAStaleLine() {
        CoherencyVerdict v = NO_CPU_OPS_CACHED_6_2.check(CAPTURE);
        CoherencyVerdict.StaleRead stale = assertInstanceOf(CoherencyVerdict.StaleRead.class, v);
        assertEquals(4, stale.opsDone());
        assertEquals(Party.CPU, stale.witness().lastRead().by());
        assertEquals(Party.DEVICE, stale.witness().lastRead().writer());
    }

    @Test
    void seed004CachedTableReusedForToDeviceLetsTheDeviceReadOldMemory() {
        List<CoherencyOp> upload = List.of(new Attach(), new SyncStart(SyncFlag.WRITE), new SyncEnd(),
                new MapAttachment(DmaDirection.TO_DEVICE));
        CoherencyVerdict.StaleRead stale = assertInstanceOf(CoherencyVerdict.StaleRead.class,
                NO_CPU_OPS_CACHED_6_2.check(upload));
        assertEquals(4, stale.opsDone());
        assertEquals(Party.DEVICE, stale.witness().lastRead().by());
        assertInstanceOf(CoherencyVerdict.Coherent.class, NO_CPU_OPS_6_15.check(upload));
    }

    @Test
    void u1SystemHeapRoundTripWithMappingHeldAcrossBracketsIsCoherent() {
        List<CoherencyOp> ops = List.of(new Attach(), new MapAttachment(DmaDirection.BIDIRECTIONAL),
                new SyncStart(SyncFlag.RW), new SyncEnd(), new SyncStart(SyncFlag.READ), new SyncEnd(),
                new UnmapAttachment(), new Detach());
        assertInstanceOf(CoherencyVerdict.Coherent.class, SYSTEM_HEAP_6_15.check(ops));
    }

    @Test
    void unmapInsideAWriteBracketDropsTheCpusStores() {
        List<CoherencyOp> ops = List.of(new Attach(), new MapAttachment(DmaDirection.BIDIRECTIONAL),
                new SyncStart(SyncFlag.RW), new UnmapAttachment());
        CoherencyVerdict.StaleRead stale = assertInstanceOf(CoherencyVerdict.StaleRead.class,
                SYSTEM_HEAP_6_15.check(ops));
        assertEquals(4, stale.opsDone());
        assertEquals(Party.CPU, stale.witness().lastRead().by());
        assertInstanceOf(CoherencyVerdict.Coherent.class, SYSTEM_HEAP_6_15.check(ops.subList(0, 3)));
    }

    @Test
    void mapFromDeviceBeforeC50f11c6196fDropsStoresTheDeviceDoesNotOverwrite() {
        List<CoherencyOp> ops = List.of(new Attach(), new SyncStart(SyncFlag.WRITE), new SyncEnd(),
                new MapAttachment(DmaDirection.FROM_DEVICE), new UnmapAttachment(), new SyncStart(SyncFlag.READ));
        assertInstanceOf(CoherencyVerdict.StaleRead.class,
                new StaleReadCheck("6.15", DmaDirection.BIDIRECTIONAL, true, true).check(ops));
        assertInstanceOf(CoherencyVerdict.Coherent.class, SYSTEM_HEAP_6_15.check(ops));
    }

    @Test
    void r11MapThatTheCachedTableCannotServeIsReportedAsEbusy() {
        StaleReadCheck cachedToDevice = new StaleReadCheck("6.2", DmaDirection.TO_DEVICE, true, false);
        CoherencyVerdict.NotEnabled n = assertInstanceOf(CoherencyVerdict.NotEnabled.class,
                cachedToDevice.check(List.of(new Attach(), new MapAttachment(DmaDirection.FROM_DEVICE))));
        assertEquals(1, n.index());
        assertTrue(n.condition().contains("CacheReusableFor") && n.condition().contains("-EBUSY"), n.condition());
    }

    @Test
    void syncStartWhileTheDeviceOwnsTheMappingWithoutExporterOpsIsReported() {
        CoherencyVerdict.NotEnabled n = assertInstanceOf(CoherencyVerdict.NotEnabled.class,
                NO_CPU_OPS_6_15.check(List.of(new Attach(), new MapAttachment(DmaDirection.TO_DEVICE),
                        new SyncStart(SyncFlag.WRITE))));
        assertEquals(2, n.index());
        assertTrue(n.condition().contains("ExporterCpuAccessOps"), n.condition());
    }

    @Test
    void syncEndWithoutStartIsReported() {
        CoherencyVerdict.NotEnabled n = assertInstanceOf(CoherencyVerdict.NotEnabled.class,
                SYSTEM_HEAP_6_15.check(List.of(new SyncEnd())));
        assertTrue(n.condition().contains("U1"), n.condition());
    }

    /**
     * The two-valued version abstraction loses no stale read: on every sequence of up to four
     * operations, in every configuration, it gives the verdict of plain versions (bounded by 8
     * writes, more than four gaps need).
     */
    @Test
    void versionAbstractionAgreesWithPlainVersionsOnAllShortSequences() {
        List<CoherencyOp> alphabet = List.of(new Attach(), new Detach(), new UnmapAttachment(), new SyncEnd(),
                new MapAttachment(DmaDirection.TO_DEVICE), new MapAttachment(DmaDirection.FROM_DEVICE),
                new MapAttachment(DmaDirection.BIDIRECTIONAL), new SyncStart(SyncFlag.READ),
                new SyncStart(SyncFlag.WRITE), new SyncStart(SyncFlag.RW));
        int stale = 0;
        int compared = 0;
        for (String kernel : List.of("6.2", "6.15")) {
            for (boolean cpuOps : List.of(true, false)) {
                for (boolean invalidates : List.of(true, false)) {
                    StaleReadCheck abstracted = new StaleReadCheck(kernel, DmaDirection.BIDIRECTIONAL, cpuOps,
                            invalidates);
                    StaleReadCheck plain = new StaleReadCheck(kernel, DmaDirection.BIDIRECTIONAL, cpuOps,
                            invalidates, false, 8);
                    for (List<CoherencyOp> ops : sequences(alphabet, 4)) {
                        CoherencyVerdict a = abstracted.check(ops);
                        CoherencyVerdict p = plain.check(ops);
                        assertEquals(summary(p), summary(a), kernel + " cpuOps=" + cpuOps + " " + ops);
                        stale += a instanceof CoherencyVerdict.StaleRead ? 1 : 0;
                        compared++;
                    }
                }
            }
        }
        assertTrue(stale > 0 && stale < compared, "both verdicts occur: " + stale + " of " + compared);
    }

    private static String summary(CoherencyVerdict v) {
        if (v instanceof CoherencyVerdict.StaleRead s) {
            return "stale after " + s.opsDone() + " by " + s.witness().lastRead().by();
        }
        return v.toString();
    }

    private static List<List<CoherencyOp>> sequences(List<CoherencyOp> alphabet, int maxLength) {
        List<List<CoherencyOp>> out = new ArrayList<>();
        List<List<CoherencyOp>> layer = List.of(List.of());
        for (int n = 0; n <= maxLength; n++) {
            out.addAll(layer);
            List<List<CoherencyOp>> next = new ArrayList<>();
            for (List<CoherencyOp> prefix : layer) {
                for (CoherencyOp op : alphabet) {
                    List<CoherencyOp> longer = new ArrayList<>(prefix);
                    longer.add(op);
                    next.add(longer);
                }
            }
            layer = next;
        }
        return out;
    }
}
