package org.dmabufspec.conformance.checker;

import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Implementation;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.KernelInfo;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.trace.TraceWriter;
import org.dmabufspec.trace.Tracer;
import org.dmabufspec.workload.Injection;
import org.dmabufspec.workload.Workload;
import org.dmabufspec.workload.WorkloadConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Traces of the reference implementation's random legal workload ({@code dmabuf simulate},
 * one thread so the run depends only on the seed) are accepted for every kernel behaviour, and
 * each injected bug is rejected with a first-divergence report naming the rule it breaks.
 */
class SimulatedTracesTest {
    @TempDir
    Path dir;

    private Path simulate(String kernel, boolean moveNotify, long seed, String inject) throws Exception {
        return simulate(1, kernel, moveNotify, seed, inject);
    }

    private Path simulate(int threads, String kernel, boolean moveNotify, long seed, String inject) throws Exception {
        return simulate(threads, 400, kernel, moveNotify, seed, inject);
    }

    private Path simulate(int threads, int ops, String kernel, boolean moveNotify, long seed, String inject) throws Exception {
        return simulate(threads, ops, kernel, moveNotify, seed, inject, false);
    }

    private Path simulate(int threads, int ops, String kernel, boolean moveNotify, long seed, String inject, boolean uapi) throws Exception {
        WorkloadConfig cfg = new WorkloadConfig(threads, ops, seed, KernelBehaviour.parse(kernel, moveNotify),
                inject == null ? null : Injection.parse(inject), Clock.LOGICAL, uapi);
        TraceHeader header = new TraceHeader(Implementation.REFERENCE, new KernelInfo(cfg.kernel(), null, false, true),
                cfg.clock(), "test", seed, inject, null);
        Path p = dir.resolve(threads + "t-" + ops + "-" + kernel + "-" + seed + (inject == null ? "" : "-" + inject) + (uapi ? "-uapi" : "") + ".ndjson");
        try (OutputStream os = Files.newOutputStream(p)) {
            TraceWriter w = new TraceWriter(os, header);
            boolean tornDown = new Workload(cfg, new Tracer(w, cfg.clock())).run().tornDown();
            w.finish(TraceEnd.Status.COMPLETE, null, tornDown);
        }
        return p;
    }

    @ParameterizedTest(name = "kernel {0}, move_notify {1}, seed {2}")
    @CsvSource({"6.1,true,1", "6.1,true,2", "6.2,true,1", "6.2,true,2", "6.2,false,1", "6.15,true,1", "6.15,true,2",
            "6.15,true,3", "6.15,false,1", "7.1,true,1"})
    void legalWorkloadIsAccepted(String kernel, boolean moveNotify, long seed) throws Exception {
        CheckReport r = TraceChecker.check(simulate(kernel, moveNotify, seed, null));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    /**
     * dma_resv_add_fence replaces an entry only if {@code old_usage >= usage}: adding (f, READ) where (f, KERNEL)
     * is already listed appends a second entry of f. Seed 21 did so at f67 and was rejected (U4); the trace
     * must really contain such a pair for the test to mean anything.
     */
    @ParameterizedTest(name = "600 ops, kernel 6.15, seed {0}")
    @ValueSource(longs = {21, 4, 9, 17})
    void fenceInAReservationTwiceAsKernelAndReadIsAccepted(long seed) throws Exception {
        Path p = simulate(1, 600, "6.15", true, seed, null);
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        if (seed == 21) {
            assertTrue(hasKernelThenReadOfOneFenceOnOneBuffer(p), "seed 21 no longer adds one fence as KERNEL and READ to one buffer");
        }
    }

    private static boolean hasKernelThenReadOfOneFenceOnOneBuffer(Path p) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Set<String> kernel = new java.util.HashSet<>();
        for (String l : Files.readAllLines(p)) {
            com.fasterxml.jackson.databind.JsonNode n = json.readTree(l);
            if (!"dma_resv_add_fence".equals(n.path("op").asText())) {
                continue;
            }
            String key = n.path("buf").asText() + "/" + n.path("fence").asText();
            String usage = n.path("args").path("usage").asText();
            if ("KERNEL".equals(usage)) {
                kernel.add(key);
            } else if ("READ".equals(usage) && kernel.contains(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Real threads: calls overlap, so the checker must find a linearization (and the snapshots are torn).
     * On 6.2 a static/dynamic mismatch attach drops the reservation lock between list_add and its
     * attach-time pin + map, and the other thread may see the attachment listed but unpinned
     * (AttachWindowTest has that schedule written out).
     */
    @ParameterizedTest(name = "2 threads, kernel {0}, seed {1}")
    @CsvSource({"6.1,1", "6.2,1", "6.2,2", "6.2,3", "6.15,1", "6.15,2", "7.1,4", "7.1,1"})
    void twoThreadWorkloadIsAccepted(String kernel, long seed) throws Exception {
        CheckReport r = TraceChecker.check(simulate(2, kernel, true, seed, null));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    /**
     * The workers touch the VRAM buffer through an mmap inside their SYNC brackets: faults (which
     * wait for a pending move's copy), zaps by the evictions, loads and stores (R21, R22); with real
     * threads a fault, a store and an eviction overlap. A one-thread trace must contain each of
     * them; with real threads which of them happen depends on the schedule (a move finds no
     * userspace mapping to zap when no worker faulted yet), so there only the verdict is asserted.
     */
    @ParameterizedTest(name = "{0} thread(s), kernel {1}, seed {2}")
    @CsvSource({"1,6.1,4", "1,6.2,5", "1,7.1,2", "2,6.15,1", "2,6.2,2", "4,6.15,3", "4,7.1,1"})
    void workloadWithCpuMappingsIsAccepted(int threads, String kernel, long seed) throws Exception {
        Path p = simulate(threads, 400, kernel, true, seed, null);
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        if (threads > 1) {
            return;
        }
        String trace = java.nio.file.Files.readString(p);
        for (String op : List.of("\"op\":\"exporter.vm_fault\"", "\"op\":\"cpu.access\"", "\"op\":\"unmap_mapping_range\"")) {
            assertTrue(trace.contains(op), op + " missing from the trace");
        }
    }

    /**
     * simulate --uapi: udmabuf (cache_sgt_mapping up to 6.14), vgem PRIME imports torn down by
     * GEM_CLOSE or drm_close, vgem fences signalled by the ioctl (a nested dma_fence_signal), by their
     * timer (hidden) or by drm_close, vmap; the trace must really contain each of them.
     */
    @ParameterizedTest(name = "kernel {0}, move_notify {1}, seed {2}")
    @CsvSource({"6.1,true,1", "6.1,true,2", "6.2,true,1", "6.2,true,2", "6.2,false,3", "6.15,true,1", "6.15,true,2",
            "6.15,false,3", "7.1,true,1", "7.1,true,2"})
    void uapiWorkloadIsAccepted(String kernel, boolean moveNotify, long seed) throws Exception {
        Path p = simulate(1, 800, kernel, moveNotify, seed, null, true);
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        String t = Files.readString(p);
        for (String op : List.of("UDMABUF_CREATE", "DRM_IOCTL_PRIME_FD_TO_HANDLE", "DRM_IOCTL_GEM_CLOSE", "drm_close",
                "DRM_IOCTL_VGEM_FENCE_ATTACH", "DRM_IOCTL_VGEM_FENCE_SIGNAL", "dma_buf_vmap", "dma_buf_vunmap_unlocked")) {
            assertTrue(t.contains("\"op\":\"" + op + "\""), "no " + op + " in " + p);
        }
        assertTrue(t.contains("\"op\":\"dma_fence_signal\",\"fence\"") && t.contains("\"hidden\":true"), "no vgem fence expired by its timer");
        assertTrue(java.util.regex.Pattern.compile("\"op\":\"DRM_IOCTL_VGEM_FENCE_SIGNAL\"[^\n]*\"result\":0").matcher(t).find(),
                "no vgem fence signalled by the ioctl in " + p);
    }

    @ParameterizedTest(name = "2 threads, kernel {0}, seed {1}")
    @CsvSource({"6.1,3", "6.2,1", "6.15,1", "7.1,1"})
    void twoThreadUapiWorkloadIsAccepted(String kernel, long seed) throws Exception {
        CheckReport r = TraceChecker.check(simulate(2, 400, kernel, true, seed, null, true));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
            "map-without-lock,6.2,R3", "map-without-lock,6.15,R3",
            "unlocked-map-with-lock-held,6.15,R3", "unlocked-map-with-lock-held,7.1,R3",
            "reuse-before-fence,6.15,R5", "reuse-before-fence,6.2,R5",
            "signal-out-of-order,6.15,F12", "signal-out-of-order,6.1,F12",
            "skip-move-notify,6.15,ISOLATION", "skip-move-notify,6.2,ISOLATION",
            "move-without-zap,6.15,R21", "move-without-zap,6.2,R21",
            "fault-before-move-done,6.15,R22", "fault-before-move-done,6.1,R22"})
    void injectedBugIsRejectedNamingItsRule(String inject, String kernel, String rule) throws Exception {
        CheckReport r = TraceChecker.check(simulate(kernel, true, 3, inject));
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        List<String> rules = r.brokenRules();
        assertTrue(rules.contains(rule), "expected " + rule + " but the report names " + rules + "\n" + r.toText());
    }

    /**
     * An eviction that leaves the CPU PTEs of the buffer's mmaps in place is rejected at its
     * exporter.move (DmaBufCpuDeviceAccess!CpuMappingsCurrent fails there), naming the fault that
     * installed them, whether or not the process accesses the buffer afterwards.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"6.15", "6.2"})
    void moveWithoutZapIsRejectedAtTheMoveNamingR21AndTheFault(String kernel) throws Exception {
        CheckReport r = TraceChecker.check(simulate(kernel, true, 3, "move-without-zap"));
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertEquals(List.of("R21"), r.brokenRules(), r.toText());
        assertEquals("exporter.move", r.rejection().op(), r.toText());
        assertTrue(r.toText().contains("installed by line "), r.toText());
    }

    /**
     * The importer submits device work without waiting for the KERNEL (move) fence: its first access
     * through the new mapping before that fence signalled is the first divergence, and it breaks R6.
     * The reference implementation's exporter.move names no fence; the KERNEL fence it adds in the
     * same hold is the move fence. Through the refinement mapping the access touches a region
     * that belongs to no buffer yet, so ISOLATION-REFINEMENT is named too.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"6.15", "6.2"})
    void deviceAccessBeforeTheMoveFenceSignalledIsRejectedNamingR6(String kernel) throws Exception {
        CheckReport r = TraceChecker.check(simulate(kernel, true, 3, "skip-kernel-fence-wait"));
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        // the abstract spec agrees: the new storage is nobody's until the copy is done (DmaBufIsolation)
        assertEquals(List.of("R6", "ISOLATION-REFINEMENT"), r.brokenRules(), r.toText());
        assertEquals("importer.device_access", r.rejection().op(), r.toText());
    }
}
