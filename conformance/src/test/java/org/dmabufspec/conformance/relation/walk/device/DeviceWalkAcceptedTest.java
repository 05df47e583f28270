package org.dmabufspec.conformance.relation.walk.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.HiddenSteps;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.walk.WalkEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Every behaviour of DmaBufDeviceAccess in the default-tier models with two dynamic importers on
 * one buffer (6.15, 7.1 with a read-and-discard d2) and with two mappings of one importer
 * (6.15_Remap, 7.1_Remap with a read-and-discard d1), logged as the reference implementation's
 * VmImporter would, is accepted by the fast engine, with hidden steps as the defaults infer them
 * and without ({@code --hidden off}: every fence signal is logged). The walks take every action,
 * both importers call and device-access, and one move_notify invalidates two mappings of one
 * importer. {@code -Ddevice.walk.seeds=N} runs N walks per model.
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class DeviceWalkAcceptedTest {
    static final int SEEDS = Integer.getInteger("device.walk.seeds", FullSets.full() ? 300 : 12);
    static final int LENGTH = 80;
    static final CheckOptions NO_HIDDEN = CheckOptions.defaults().withHidden(HiddenSteps.OFF);
    static final Set<String> ACTIONS = Set.of("DmaBufAttach", "DmaBufDetach", "DmaBufMapAttachment",
            "ImporterBindPtes", "ImporterSubmitJob", "ImporterZapPtes", "TlbFlushComplete", "DmaBufUnmapAttachment",
            "DmaFenceSignalJob", "DeviceJobAccess", "DeviceTranslationAccess", "DmaBufEvict", "DmaBufMoveNotify",
            "DmaBufMove", "DmaFenceSignalMove", "DmaBufReleaseOldStorage");

    @TempDir
    Path dir;

    @Test
    void everyDeviceWalkWithTwoImportersOrTwoMappingsIsAcceptedAndTakesEveryAction() throws Exception {
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        List<String> failures = new ArrayList<>();
        Set<String> actions = new TreeSet<>();
        Set<String> ops = new TreeSet<>();
        Set<String> accessingImporters = new TreeSet<>();
        int twoInvalidated = 0;
        int bothMapped = 0;
        int walks = 0;
        long events = 0;
        for (DeviceWalkConfig cfg : DeviceWalkConfig.all()) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                DeviceWalk w = DeviceWalk.walk(cfg, seed, LENGTH);
                for (DeviceWalkStep s : w.steps()) {
                    actions.add(s.action());
                    if (s.after().mapRegion().values().stream().filter(r -> !r.equals("noregion")).count() >= 2) {
                        bothMapped++;
                    }
                    if (s.action().equals("DmaBufMoveNotify") && s.before().mapValid().entrySet().stream()
                            .filter(v -> v.getValue() && !s.after().mapValid().get(v.getKey())).count() >= 2) {
                        twoInvalidated++;
                    }
                }
                DeviceTrace t = DeviceWalkToTrace.trace(w);
                for (WalkEvent e : t.events()) {
                    ops.add(e.op());
                    if (e.op().equals("importer.device_access")) {
                        accessingImporters.add(cfg.remap() + ":" + e.thread());
                    }
                }
                Path file = t.write(dir);
                walks++;
                events += t.events().size();
                for (CheckOptions o : List.of(CheckOptions.defaults(), NO_HIDDEN)) {
                    CheckReport r = TraceChecker.check(file, o);
                    if (r.verdict() != Verdict.ACCEPTED) {
                        failures.add(w.steps() + "\n" + r.toText() + "\n" + t.toNdjson());
                    }
                }
            }
        }
        System.out.printf("test thread CPU %.1f s (the checker runs in this thread)%n",
                (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9);
        System.out.printf("device walks: %d walks, %d events; rejected: %d; steps with two mappings held: %d; move_notify invalidating two: %d;"
                + " accessing: %s; ops %s%n", walks, events, failures.size(), bothMapped, twoInvalidated, accessingImporters, ops);
        assertTrue(failures.isEmpty(), failures.size() + " checks rejected; first:\n" + (failures.isEmpty() ? "" : failures.get(0)));
        assertEquals(new TreeSet<>(ACTIONS), actions, "the walks took every action of DmaBufDeviceAccess");
        assertEquals(Set.of("false:d1", "false:d2", "true:d1"), accessingImporters, "both importers' devices and the remap importer access");
        assertTrue(bothMapped > 0 && twoInvalidated > 0, "two mappings held at once and invalidated by one move_notify");
        assertTrue(ops.containsAll(List.of("importer.move_notify", "importer.invalidate_mappings", "exporter.move",
                "exporter.reuse_storage", "dma_buf_invalidate_mappings", "dma_buf_move_notify")), "ops logged: " + ops);
    }
}
