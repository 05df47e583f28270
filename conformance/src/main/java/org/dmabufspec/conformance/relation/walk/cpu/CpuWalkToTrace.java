package org.dmabufspec.conformance.relation.walk.cpu;

import static org.dmabufspec.conformance.relation.walk.CallLog.args;
import static org.dmabufspec.conformance.relation.walk.CallLog.ids;

import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.cpu.CpuDeviceAccessState;
import org.dmabufspec.conformance.relation.device.DeviceAccessState;
import org.dmabufspec.conformance.relation.device.DeviceAccessState.Slot;
import org.dmabufspec.conformance.relation.walk.CallLog;
import org.dmabufspec.conformance.relation.walk.WalkEvent;

/**
 * The trace (format v1) the reference implementation logs for a {@link CpuWalk} (its cpuvm
 * mappings, a gpuvm.VmImporter device and a VramExporter buffer, as TRACE-FORMAT.md's "CPU
 * mappings" and "Device jobs" paragraphs describe them). Threads: {@code d1} (the importer's calls
 * and its device's accesses), {@code irq} (fence signals), {@code exporter}, {@code p1} (the
 * process), {@code k1} (the kernel vmap user). Step i of the walk owns the logical times
 * [10(i+1), 10(i+1)+9]; a step that logs several calls logs them one after the other in that
 * window, and the eviction's dma_buf_move_notify spans from after the CPU zap to the move. Events
 * are written in end order. Ids: buffer {@code b1}, attachment {@code d1.<n>}, sg_table
 * {@code sg<n>}, fences {@code f<n>} (jobs), {@code tlb<n>} (TLB flushes), {@code mf<n>}
 * (moves), mmaps {@code vma<n>}, vmap addresses {@code va<n>}. Regions are written as
 * placements: r1 VRAM, r2 GTT.
 *
 * <table>
 * <caption>spec action → logged op(s)</caption>
 * <tr><th>spec action</th><th>op(s), thread</th></tr>
 * <tr><td>(Init)</td><td>dma_buf_export (exporter): vram, dynamic, vmap, placement VRAM</td></tr>
 * <tr><td>DevAttach / DevDetach</td><td>dma_buf_dynamic_attach (allow_peer2peer, move_notify) / dma_buf_detach (d1)</td></tr>
 * <tr><td>DevMapAttachment</td><td>dma_resv_lock, dma_buf_map_attachment (new sgt, dir), dma_resv_unlock (d1)</td></tr>
 * <tr><td>DevBindPtes</td><td>dma_resv_lock, dma_resv_wait_timeout (KERNEL, MAX, returned in time), dma_resv_unlock (d1)</td></tr>
 * <tr><td>DevSubmitJob</td><td>dma_resv_lock, dma_resv_wait_timeout (KERNEL), dma_resv_reserve_fences(1),
 *     dma_resv_add_fence (job fence, WRITE or READ as the job's kind), dma_resv_unlock (d1)</td></tr>
 * <tr><td>DevZapPtes</td><td>dma_resv_lock, dma_resv_reserve_fences(1), dma_resv_add_fence (TLB flush fence, BOOKKEEP), dma_resv_unlock (d1)</td></tr>
 * <tr><td>DevTlbFlushComplete / DevSignalJob / DevSignalMove</td><td>dma_fence_signal of the flush / job / move fence (irq)</td></tr>
 * <tr><td>DevUnmapAttachment</td><td>dma_resv_lock, dma_buf_unmap_attachment (sgt, dir), dma_resv_unlock (d1)</td></tr>
 * <tr><td>DevTranslationAccess</td><td>importer.device_access (sgt of the mapping, fence = its pending TLB flush if zapped) (d1)</td></tr>
 * <tr><td>DevJobAccess</td><td>importer.device_access (sgt the job was submitted on, fence = the job's) (d1)</td></tr>
 * <tr><td>DevReleaseOldStorage</td><td>exporter.reuse_storage (placement = the old region) (exporter)</td></tr>
 * <tr><td>ExporterEvict</td><td>dma_resv_lock (exporter)</td></tr>
 * <tr><td>TtmBoUnmapVirtual</td><td>unmap_mapping_range, resv held; the start of dma_buf_move_notify (7.1:
 *     dma_buf_invalidate_mappings) (exporter)</td></tr>
 * <tr><td>ExporterMoveNotify</td><td>importer.move_notify (7.1: importer.invalidate_mappings); when it zaps present
 *     PTEs, dma_resv_reserve_fences(1) and dma_resv_add_fence (TLB flush fence, BOOKKEEP) (exporter)</td></tr>
 * <tr><td>ExporterMove</td><td>end of dma_buf_move_notify; exporter.move (from, to); dma_resv_reserve_fences(1);
 *     dma_resv_add_fence (move fence, KERNEL); dma_resv_unlock (exporter)</td></tr>
 * <tr><td>DmaBufMmap / Munmap</td><td>mmap / munmap (p1)</td></tr>
 * <tr><td>CpuPageFault</td><td>nothing: the CPU's trap is not logged (the fault shows when its handler maps)</td></tr>
 * <tr><td>TtmBoVmFault</td><td>dma_resv_lock, exporter.vm_fault (vma, placement, access = the faulting kind, resv held), dma_resv_unlock (p1)</td></tr>
 * <tr><td>CpuMmapAccess</td><td>cpu.access (via mmap, vma, access, placement) (p1)</td></tr>
 * <tr><td>DmaBufVmap / DmaBufVunmap</td><td>dma_buf_vmap_unlocked (ret = a new address) / dma_buf_vunmap_unlocked (addr) (k1)</td></tr>
 * <tr><td>CpuVmapAccess</td><td>cpu.access (via vmap, addr, access, placement) (k1)</td></tr>
 * </table>
 */
public final class CpuWalkToTrace {
    public static final String BUF = CallLog.BUF;
    public static final String IMPORTER = "d1";
    public static final String IRQ = CallLog.IRQ;
    public static final String EXPORTER = CallLog.EXPORTER;
    public static final String PROC = "p1";
    public static final String KTHREAD = "k1";
    private static final Slot MAP = new Slot("d1", "m1");
    private static final Slot JOB = new Slot("d1", "j1");

    private final CpuWalkConfig config;
    private final CallLog log = new CallLog();
    private String attach;
    private String sgt;
    private String jobSgt;
    private String jobFence;
    private String flushFence;
    private String moveFence;
    private String vma;
    private String vmapAddr;
    /** The start of the eviction's dma_buf_move_notify while it is open, else -1. */
    private long notifyStart = -1;
    private int attaches;
    private int sgts;
    private int fences;
    private int vmas;
    private int addrs;

    private CpuWalkToTrace(CpuWalkConfig config) {
        this.config = config;
    }

    public static CpuTrace trace(CpuWalk walk) {
        return trace(walk.config(), walk.steps(), "cpu-walk-" + walk.config() + "-seed" + walk.seed() + "-len" + walk.length());
    }

    public static CpuTrace trace(CpuWalkConfig config, List<CpuWalkStep> steps, String name) {
        CpuWalkToTrace w = new CpuWalkToTrace(config);
        w.log.export();
        for (int i = 0; i < steps.size(); i++) {
            w.step(steps.get(i), 10L * (i + 1));
        }
        if (w.notifyStart >= 0) {
            throw new IllegalStateException("walk ended with the eviction in flight");
        }
        return new CpuTrace(config, name, w.log.sorted());
    }

    /** The placement name of a region. */
    public static String placement(String region) {
        return CallLog.placement(region);
    }

    private long emit(String thread, long t, String op, Map<String, String> ids, Map<String, Object> args, Object ret, Boolean held) {
        return log.emit(thread, t, op, ids, args, ret, held);
    }

    private long locked(long t, String thread, CallLog.Locked body) {
        return log.locked(t, thread, body);
    }

    private long waitKernel(String thread, long t) {
        return log.waitKernel(thread, t);
    }

    private long addFence(String thread, long t, String fence, String usage) {
        return log.addFence(thread, t, fence, usage);
    }

    private static String upper(String kind) {
        return kind.toUpperCase();
    }

    private void step(CpuWalkStep st, long t) {
        CpuDeviceAccessState s = st.before();
        CpuDeviceAccessState n = st.after();
        DeviceAccessState d = s.device();
        DeviceAccessState dn = n.device();
        switch (st.action()) {
            case "DevAttach" -> {
                attach = IMPORTER + "." + (++attaches);
                emit(IMPORTER, t, "dma_buf_dynamic_attach", ids("attach", attach, "dev", IMPORTER),
                        args("allow_peer2peer", true, "move_notify", true), null, false);
            }
            case "DevDetach" -> {
                emit(IMPORTER, t, "dma_buf_detach", ids("attach", attach), Map.of(), null, false);
                attach = null;
            }
            case "DevMapAttachment" -> {
                sgt = "sg" + (++sgts);
                locked(t, IMPORTER, u -> emit(IMPORTER, u, "dma_buf_map_attachment", ids("attach", attach, "sgt", sgt),
                        args("dir", dn.mapDir().get(MAP)), null, true));
            }
            case "DevBindPtes" -> locked(t, IMPORTER, u -> waitKernel(IMPORTER, u));
            case "DevSubmitJob" -> {
                jobFence = "f" + (++fences);
                jobSgt = sgt;
                locked(t, IMPORTER, u -> addFence(IMPORTER, waitKernel(IMPORTER, u), jobFence, upper(dn.jobKind().get(JOB))));
            }
            case "DevZapPtes" -> {
                flushFence = "tlb" + (++fences);
                locked(t, IMPORTER, u -> addFence(IMPORTER, u, flushFence, "BOOKKEEP"));
            }
            case "DevTlbFlushComplete" -> {
                log.signal(t, flushFence);
                flushFence = null;
            }
            case "DevUnmapAttachment" -> {
                locked(t, IMPORTER, u -> emit(IMPORTER, u, "dma_buf_unmap_attachment", ids("attach", attach, "sgt", sgt),
                        args("dir", d.mapDir().get(MAP)), null, true));
                sgt = null;
            }
            case "DevTranslationAccess" -> {
                Map<String, String> i = ids("attach", attach, "sgt", sgt);
                if (d.pte().get(MAP).equals("zapped")) {
                    i.put("fence", flushFence);
                }
                emit(IMPORTER, t, "importer.device_access", i, args("access", upper(dn.lastAccess().orElseThrow().kind())), null, null);
            }
            case "DevJobAccess" -> emit(IMPORTER, t, "importer.device_access", ids("attach", attach, "sgt", jobSgt, "fence", jobFence),
                    args("access", upper(d.jobKind().get(JOB))), null, null);
            case "DevSignalJob" -> {
                log.signal(t, jobFence);
                jobFence = null;
                jobSgt = null;
            }
            case "DevSignalMove" -> {
                log.signal(t, moveFence);
                moveFence = null;
            }
            case "DevReleaseOldStorage" -> emit(EXPORTER, t, "exporter.reuse_storage", Map.of(),
                    args("placement", placement(d.moveFrom().get(BUF))), null, false);
            case "ExporterEvict" -> emit(EXPORTER, t, "dma_resv_lock", Map.of(), Map.of(), null, false);
            case "TtmBoUnmapVirtual" -> {
                emit(EXPORTER, t, "unmap_mapping_range", Map.of(), Map.of(), null, true);
                if (notifyStart < 0) {
                    notifyStart = t + 2;
                }
            }
            case "ExporterMoveNotify" -> {
                if (notifyStart < 0) {
                    notifyStart = t;   // a mutant's walk may notify before the zap
                }
                long u = emit(EXPORTER, t + 1, config.v71() ? "importer.invalidate_mappings" : "importer.move_notify",
                        ids("attach", attach), Map.of(), null, true);
                if (d.pte().get(MAP).equals("present") && dn.pte().get(MAP).equals("zapped")) {
                    flushFence = "tlb" + (++fences);
                    addFence(EXPORTER, u, flushFence, "BOOKKEEP");
                }
            }
            case "ExporterMove" -> {
                long start = notifyStart < 0 ? t : notifyStart;
                log.add(new WalkEvent(EXPORTER, start, t + 1, config.v71() ? "dma_buf_invalidate_mappings" : "dma_buf_move_notify",
                        Map.of("buf", BUF), Map.of(), "0", null, true));
                notifyStart = -1;
                long u = emit(EXPORTER, t + 2, "exporter.move", Map.of(), args("from", placement(d.placement().get(BUF)),
                        "to", placement(dn.placement().get(BUF))), null, true);
                moveFence = "mf" + (++fences);
                u = addFence(EXPORTER, u, moveFence, "KERNEL");
                emit(EXPORTER, u, "dma_resv_unlock", Map.of(), Map.of(), null, true);
            }
            case "DmaBufMmap" -> {
                vma = "vma" + (++vmas);
                emit(PROC, t, "mmap", Map.of(), Map.of(), null, null);
            }
            case "Munmap" -> {
                emit(PROC, t, "munmap", Map.of(), Map.of(), null, null);
                vma = null;
            }
            case "CpuPageFault" -> {
                // the CPU's trap is not logged: the fault shows when the handler maps (TtmBoVmFault)
            }
            case "TtmBoVmFault" -> locked(t, PROC, u -> emit(PROC, u, "exporter.vm_fault", Map.of(),
                    args("vma", vma, "placement", placement(n.cpuPte().get(PROC)), "access", upper(s.faulting().get(PROC))), null, true));
            case "CpuMmapAccess" -> {
                CpuDeviceAccessState.CpuTouch x = n.cpuAccess().orElseThrow();
                emit(PROC, t, "cpu.access", Map.of(), args("via", "mmap", "vma", vma, "access", upper(x.kind()),
                        "placement", placement(x.region())), null, null);
            }
            case "DmaBufVmap" -> {
                vmapAddr = "va" + (++addrs);
                emit(KTHREAD, t, "dma_buf_vmap_unlocked", Map.of(), Map.of(), vmapAddr, false);
            }
            case "DmaBufVunmap" -> {
                emit(KTHREAD, t, "dma_buf_vunmap_unlocked", Map.of(), args("addr", vmapAddr), null, false);
                vmapAddr = null;
            }
            case "CpuVmapAccess" -> {
                CpuDeviceAccessState.CpuTouch x = n.cpuAccess().orElseThrow();
                emit(KTHREAD, t, "cpu.access", Map.of(), args("via", "vmap", "addr", vmapAddr, "access", upper(x.kind()),
                        "placement", placement(x.region())), null, null);
            }
            default -> throw new IllegalStateException("no trace mapping for spec action " + st.action());
        }
    }
}
