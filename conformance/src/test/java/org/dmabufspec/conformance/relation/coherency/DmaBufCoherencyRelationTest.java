package org.dmabufspec.conformance.relation.coherency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;
import org.junit.jupiter.api.Test;

/** Single steps of DmaBufCoherency's relation, each the kernel rule it shows. */
class DmaBufCoherencyRelationTest {
    private static final Set<DmaDirection> ALL_DIRS =
            EnumSet.of(DmaDirection.TO_DEVICE, DmaDirection.FROM_DEVICE, DmaDirection.BIDIRECTIONAL);
    private static final Set<SyncFlag> ALL_FLAGS = EnumSet.of(SyncFlag.READ, SyncFlag.WRITE, SyncFlag.RW);

    private static DmaBufCoherencyRelation relation(String kernel, DmaDirection cachedDir, boolean cpuOps,
                                                    boolean fromDeviceInvalidates) {
        return new DmaBufCoherencyRelation(new CoherencyConstants(kernel, cachedDir, cpuOps, fromDeviceInvalidates,
                ALL_DIRS, ALL_FLAGS, 3), false);
    }

    private static final DmaBufCoherencyRelation SYSTEM_HEAP_6_15 =
            relation("6.15", DmaDirection.BIDIRECTIONAL, true, false);
    private static final DmaBufCoherencyRelation NO_CPU_OPS_6_15 =
            relation("6.15", DmaDirection.BIDIRECTIONAL, false, false);
    private static final DmaBufCoherencyRelation CACHED_6_2 =
            relation("6.2", DmaDirection.BIDIRECTIONAL, false, false);

    private static CoherencyState attached() {
        return CoherencyState.INIT.withAttached(true);
    }

    @Test
    void mapFromDeviceOn615CleansTheDirtyLineToMemory() {
        CoherencyState s = attached().withLine(CacheLine.dirty(1)).withLastWrite(1, Party.CPU);
        CoherencyState t = SYSTEM_HEAP_6_15.dmaBufMapAttachment(s, DmaDirection.FROM_DEVICE).orElseThrow();
        assertEquals(CacheLine.clean(1), t.line());
        assertEquals(1, t.mem());
        assertEquals(DmaDirection.FROM_DEVICE, t.dmaMap());
    }

    @Test
    void mapFromDeviceBeforeC50f11c6196fDropsTheDirtyLine() {
        DmaBufCoherencyRelation old = relation("6.15", DmaDirection.BIDIRECTIONAL, true, true);
        CoherencyState s = attached().withLine(CacheLine.dirty(1)).withLastWrite(1, Party.CPU);
        CoherencyState t = old.dmaBufMapAttachment(s, DmaDirection.FROM_DEVICE).orElseThrow();
        assertEquals(CacheLine.INVALID, t.line());
        assertEquals(0, t.mem(), "the CPU's store never reached memory");
    }

    @Test
    void r11CachedTableIsReturnedWithoutMaintenance() {
        CoherencyState s = CACHED_6_2.dmaBufAttach(CoherencyState.INIT).orElseThrow();
        assertEquals(DmaDirection.BIDIRECTIONAL, s.dmaMap(), "<= 6.14 maps the sg_table at attach");
        CoherencyState stale = s.withLine(CacheLine.clean(0)).withMem(1).withLastWrite(1, Party.DEVICE);
        CoherencyState mapped = CACHED_6_2.dmaBufMapAttachment(stale, DmaDirection.FROM_DEVICE).orElseThrow();
        CoherencyState unmapped = CACHED_6_2.dmaBufUnmapAttachment(mapped).orElseThrow();
        assertEquals(CacheLine.clean(0), unmapped.line(), "seed 004: the unmap invalidate never runs");
        assertEquals(DmaDirection.BIDIRECTIONAL, unmapped.dmaMap());
    }

    @Test
    void r11MapWithADirectionTheCachedTableCannotServeGetsEbusy() {
        DmaBufCoherencyRelation cachedToDevice = relation("6.2", DmaDirection.TO_DEVICE, true, false);
        CoherencyState s = cachedToDevice.dmaBufAttach(CoherencyState.INIT).orElseThrow();
        assertTrue(cachedToDevice.dmaBufMapAttachment(s, DmaDirection.TO_DEVICE).isPresent());
        assertTrue(cachedToDevice.dmaBufMapAttachment(s, DmaDirection.FROM_DEVICE).isEmpty());
        assertTrue(cachedToDevice.dmaBufMapAttachment(s, DmaDirection.BIDIRECTIONAL).isEmpty());
    }

    @Test
    void unmapFromDeviceOn615InvalidatesTheStaleLine() {
        CoherencyState s = attached().withImporterMap(DmaDirection.FROM_DEVICE).withDmaMap(DmaDirection.FROM_DEVICE)
                .withLine(CacheLine.clean(0)).withMem(1).withLastWrite(1, Party.DEVICE);
        CoherencyState t = NO_CPU_OPS_6_15.dmaBufUnmapAttachment(s).orElseThrow();
        assertEquals(CacheLine.INVALID, t.line());
        assertEquals(DmaDirection.NONE, t.dmaMap());
    }

    @Test
    void unmapToDeviceKeepsTheLine() {
        CoherencyState s = attached().withImporterMap(DmaDirection.TO_DEVICE).withDmaMap(DmaDirection.TO_DEVICE)
                .withLine(CacheLine.clean(0));
        assertEquals(CacheLine.clean(0), NO_CPU_OPS_6_15.dmaBufUnmapAttachment(s).orElseThrow().line());
    }

    @Test
    void detachWhileStillMappedIsNotEnabled() {
        CoherencyState s = attached().withImporterMap(DmaDirection.TO_DEVICE).withDmaMap(DmaDirection.TO_DEVICE);
        assertTrue(SYSTEM_HEAP_6_15.dmaBufDetach(s).isEmpty(), "R12: unmap before detach");
    }

    @Test
    void u1SyncStartWithoutExporterOpsIsNotEnabledWhileMapped() {
        CoherencyState s = attached().withImporterMap(DmaDirection.BIDIRECTIONAL)
                .withDmaMap(DmaDirection.BIDIRECTIONAL);
        assertTrue(NO_CPU_OPS_6_15.dmaBufBeginCpuAccess(s, SyncFlag.READ).isEmpty());
        assertTrue(SYSTEM_HEAP_6_15.dmaBufBeginCpuAccess(s, SyncFlag.READ).isPresent());
    }

    @Test
    void u1SystemHeapBeginCpuAccessReadInvalidatesTheMappedLine() {
        CoherencyState s = attached().withImporterMap(DmaDirection.BIDIRECTIONAL)
                .withDmaMap(DmaDirection.BIDIRECTIONAL).withLine(CacheLine.clean(0)).withMem(1)
                .withLastWrite(1, Party.DEVICE);
        CoherencyState t = SYSTEM_HEAP_6_15.dmaBufBeginCpuAccess(s, SyncFlag.READ).orElseThrow();
        assertEquals(CacheLine.INVALID, t.line());
        assertEquals(1, SYSTEM_HEAP_6_15.cpuLoad(t).orElseThrow().lastRead().val());
        CoherencyState w = SYSTEM_HEAP_6_15.dmaBufBeginCpuAccess(s, SyncFlag.WRITE).orElseThrow();
        assertEquals(CacheLine.clean(0), w.line(), "arch_sync_dma_for_cpu(TO_DEVICE) does nothing");
    }

    @Test
    void u1SystemHeapEndCpuAccessCleansTheStoreForTheDevice() {
        CoherencyState s = attached().withImporterMap(DmaDirection.TO_DEVICE).withDmaMap(DmaDirection.TO_DEVICE)
                .withCpuSync(SyncFlag.WRITE);
        CoherencyState stored = SYSTEM_HEAP_6_15.cpuStore(s).orElseThrow();
        CoherencyState ended = SYSTEM_HEAP_6_15.dmaBufEndCpuAccess(stored).orElseThrow();
        assertEquals(1, ended.mem());
        LastRead read = SYSTEM_HEAP_6_15.deviceDmaRead(ended).orElseThrow().lastRead();
        assertEquals(new LastRead(Party.DEVICE, 1, 1, Party.CPU), read);
    }

    @Test
    void u1LoadsAndStoresOnlyInsideABracketWithTheRightFlags() {
        CoherencyState none = CoherencyState.INIT;
        assertTrue(SYSTEM_HEAP_6_15.cpuLoad(none).isEmpty());
        assertTrue(SYSTEM_HEAP_6_15.cpuStore(none).isEmpty());
        assertTrue(SYSTEM_HEAP_6_15.cpuStore(none.withCpuSync(SyncFlag.READ)).isEmpty());
        assertTrue(SYSTEM_HEAP_6_15.cpuLoad(none.withCpuSync(SyncFlag.WRITE)).isEmpty());
        assertTrue(SYSTEM_HEAP_6_15.cpuLoad(none.withCpuSync(SyncFlag.RW)).isPresent());
        assertTrue(SYSTEM_HEAP_6_15.cpuStore(none.withCpuSync(SyncFlag.RW)).isPresent());
    }

    @Test
    void u2DeviceDmaIsNotEnabledWhileASyncBracketIsOpen() {
        CoherencyState s = attached().withImporterMap(DmaDirection.BIDIRECTIONAL)
                .withDmaMap(DmaDirection.BIDIRECTIONAL).withCpuSync(SyncFlag.RW);
        assertTrue(SYSTEM_HEAP_6_15.deviceDmaRead(s).isEmpty());
        assertTrue(SYSTEM_HEAP_6_15.deviceDmaWrite(s).isEmpty());
        assertTrue(SYSTEM_HEAP_6_15.deviceDmaWrite(s.withCpuSync(SyncFlag.NONE)).isPresent());
    }

    @Test
    void deviceWritesOnlyUnderAMappingThatAllowsIt() {
        CoherencyState toDevice = attached().withImporterMap(DmaDirection.TO_DEVICE)
                .withDmaMap(DmaDirection.TO_DEVICE);
        assertTrue(SYSTEM_HEAP_6_15.deviceDmaWrite(toDevice).isEmpty());
        assertTrue(SYSTEM_HEAP_6_15.deviceDmaRead(toDevice).isPresent());
    }

    @Test
    void writesStopAtMaxVersion() {
        CoherencyState s = CoherencyState.INIT.withCpuSync(SyncFlag.WRITE).withLastWrite(3, Party.CPU);
        assertTrue(SYSTEM_HEAP_6_15.cpuStore(s).isEmpty());
    }

    @Test
    void evictionWritesADirtyLineBack() {
        CoherencyState s = CoherencyState.INIT.withLine(CacheLine.dirty(2)).withLastWrite(2, Party.CPU);
        CoherencyState t = SYSTEM_HEAP_6_15.cacheEvict(s).orElseThrow();
        assertEquals(2, t.mem());
        assertEquals(CacheLine.INVALID, t.line());
        assertTrue(SYSTEM_HEAP_6_15.cacheEvict(t).isEmpty());
        assertEquals(CacheLine.clean(2), SYSTEM_HEAP_6_15.cacheSpeculativeFill(t).orElseThrow().line());
    }

    @Test
    void aRepeatedLoadIsAStutteringStepTlcAlsoReports() {
        CoherencyState s = CoherencyState.INIT.withCpuSync(SyncFlag.READ);
        CoherencyState once = SYSTEM_HEAP_6_15.cpuLoad(s).orElseThrow();
        assertTrue(SYSTEM_HEAP_6_15.next(once).contains(new Transition<>("CpuLoad", once)));
    }

    @Test
    void initialStateHasOnlyAttachBeginCpuAccessAndSpeculativeFill() {
        Set<String> labels = SYSTEM_HEAP_6_15.next(CoherencyState.INIT).stream().map(Transition::action)
                .collect(Collectors.toSet());
        assertEquals(Set.of("DmaBufAttach", "DmaBufBeginCpuAccess", "CacheSpeculativeFill"), labels);
        assertEquals(5, SYSTEM_HEAP_6_15.next(CoherencyState.INIT).size(), "one begin per SYNC flag");
    }

    @Test
    void inductiveModelTakesTlcsInitialStates() {
        DmaBufCoherencyRelation ind = new DmaBufCoherencyRelation(SYSTEM_HEAP_6_15.constants(), true);
        assertEquals(Optional.empty(), ind.initialStates());
        assertEquals(Optional.of(Set.of(CoherencyState.INIT)), SYSTEM_HEAP_6_15.initialStates());
    }

    @Test
    void encodeDecodeRoundTrip() {
        CoherencyState s = new CoherencyState(2, CacheLine.dirty(3), true, DmaDirection.BIDIRECTIONAL,
                DmaDirection.BIDIRECTIONAL, SyncFlag.RW, 3, Party.CPU, new LastRead(Party.DEVICE, 2, 2, Party.DEVICE));
        assertEquals(s, SYSTEM_HEAP_6_15.decode(SYSTEM_HEAP_6_15.encode(s)));
    }

    @Test
    void decodeNamesTheBadField() {
        Map<String, TlaValue> vars = new HashMap<>(SYSTEM_HEAP_6_15.encode(CoherencyState.INIT));
        vars.put("line", Tla.record(Map.of("state", Tla.str("modified"), "val", Tla.integer(0))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SYSTEM_HEAP_6_15.decode(vars));
        assertTrue(e.getMessage().contains("line.state") && e.getMessage().contains("modified"), e.getMessage());
        vars.remove("line");
        e = assertThrows(IllegalArgumentException.class, () -> SYSTEM_HEAP_6_15.decode(vars));
        assertTrue(e.getMessage().contains("line"), e.getMessage());
    }

    @Test
    void constantsFromPrintedValues() {
        Map<String, TlaValue> printed = Map.of(
                "KernelBehaviour", Tla.str("6.2"),
                "CachedDir", Tla.str("TO_DEVICE"),
                "ExporterCpuAccessOps", Tla.bool(true),
                "FromDeviceMapInvalidates", Tla.bool(false),
                "ImporterDirs", Tla.set(Set.of(Tla.str("TO_DEVICE"), Tla.str("FROM_DEVICE"))),
                "SyncFlags", Tla.set(Set.of(Tla.str("RW"))),
                "MaxVersion", Tla.integer(3));
        CoherencyConstants k = CoherencyConstants.fromPrinted(printed);
        assertTrue(k.sgtCaching());
        assertFalse(k.cacheReusableFor(DmaDirection.FROM_DEVICE));
        assertEquals(EnumSet.of(DmaDirection.TO_DEVICE, DmaDirection.FROM_DEVICE), k.importerDirs());
        Map<String, TlaValue> missing = new HashMap<>(printed);
        missing.remove("SyncFlags");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoherencyConstants.fromPrinted(missing));
        assertTrue(e.getMessage().contains("SyncFlags"), e.getMessage());
    }
}
