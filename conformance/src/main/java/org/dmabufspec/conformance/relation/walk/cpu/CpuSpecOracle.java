package org.dmabufspec.conformance.relation.walk.cpu;

import static org.dmabufspec.conformance.relation.walk.cpu.CpuWalkToTrace.BUF;
import static org.dmabufspec.conformance.relation.walk.cpu.CpuWalkToTrace.EXPORTER;
import static org.dmabufspec.conformance.relation.walk.cpu.CpuWalkToTrace.IMPORTER;
import static org.dmabufspec.conformance.relation.walk.cpu.CpuWalkToTrace.KTHREAD;
import static org.dmabufspec.conformance.relation.walk.cpu.CpuWalkToTrace.PROC;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.cpu.CpuDeviceAccessState;
import org.dmabufspec.conformance.relation.cpu.DmaBufCpuDeviceAccessRelation;
import org.dmabufspec.conformance.relation.device.DeviceAccessState;
import org.dmabufspec.conformance.relation.device.DeviceAccessState.Slot;
import org.dmabufspec.conformance.relation.walk.OracleSearch;
import org.dmabufspec.conformance.relation.walk.OracleSearch.Config;
import org.dmabufspec.conformance.relation.walk.WalkEvent;

/**
 * Decides with DmaBufCpuDeviceAccess itself (its Java relation) whether a trace in
 * {@link CpuWalkToTrace}'s vocabulary is a behaviour of the spec: the mapping table read
 * backwards, as a search over the relation.
 *
 * <p>Concurrency as the checker reads it: each event takes effect at one point between its start
 * and its end ({@link OracleSearch}: a configuration is the spec state, {@link CpuOracleAux} and
 * which calls in flight have taken effect).
 *
 * <p>Each event is one spec step or none: the lock, unlock, reserve and read-only wait around an
 * importer's step are checked against the trace's lock ({@link CpuOracleAux}), the step is the
 * map, unmap, add_fence (WRITE/READ: DevSubmitJob; BOOKKEEP: DevZapPtes), the wait of a bind
 * (DevBindPtes, or a read-only wait: the search tries both), the signal of the job, flush or move
 * fence, the device access (through the job's table and fence: DevJobAccess; else
 * DevTranslationAccess, naming the pending TLB flush exactly when the PTEs are zapped).
 * dma_buf_dynamic_attach, dma_buf_detach and the _unlocked vmap calls take the lock themselves: they
 * need it free. A cpu.access's placement is informational (TRACE-FORMAT.md): not compared.
 *
 * <p>Hidden steps, as the fast engine allows them with {@code --hidden off}: CpuPageFault (the
 * CPU's trap is not logged), ExporterMoveNotify (importer callbacks are optional events; the
 * flush fence it publishes must still be logged), TtmBoUnmapVirtual while no CPU PTE is present
 * (the reference implementation logs the zap only for a buffer with a userspace mapping). No fence
 * signal is hidden: the walks log every one.
 */
public final class CpuSpecOracle {
    /** Failures that change nothing in the kernel (as the checker's ENVIRONMENT_ERRORS). */
    private static final Set<String> ENVIRONMENT = Set.of("ENOMEM", "EINTR", "ERESTARTSYS", "EAGAIN");
    private static final Slot MAP = new Slot(IMPORTER, "m1");
    private static final Slot JOB = new Slot(IMPORTER, "j1");
    private static final String E = "e1";

    /** The verdict: accepted, or the index (file order) of the first event no configuration explains and why. */
    public record Verdict(boolean accepted, int rejectedIndex, String why) {
    }

    private final CpuWalkConfig config;
    private final DmaBufCpuDeviceAccessRelation rel;
    private final OracleSearch<Outcome, WalkEvent> search = new OracleSearch<>("cpu oracle", (s, e) -> true, this::hidden, this::advance);

    public CpuSpecOracle(CpuWalkConfig config) {
        this.config = config;
        this.rel = config.relation();
    }

    public Verdict check(List<WalkEvent> trace) {
        OracleSearch.Outcome o = search.check(trace, new Outcome(rel.initialStates().orElseThrow().iterator().next(), new CpuOracleAux()));
        return new Verdict(o.accepted(), o.index(), o.why(trace));   // no call is refused at its start here
    }

    /** An event takes effect at one step (phase DONE) or not at all. */
    private List<Config<Outcome>> advance(Config<Outcome> cf, int i, WalkEvent e, int phase) {
        List<Config<Outcome>> out = new ArrayList<>();
        for (Outcome x : fire(cf.part(), e)) {
            out.add(cf.with(x, i, OracleSearch.DONE));
        }
        return out;
    }

    private List<Config<Outcome>> hidden(Config<Outcome> cf) {
        List<Config<Outcome>> out = new ArrayList<>();
        CpuDeviceAccessState s = cf.part().s();
        boolean noPte = s.cpuPte().values().stream().allMatch("noregion"::equals);
        for (Transition<CpuDeviceAccessState> t : rel.next(s)) {
            CpuOracleAux aux = cf.part().aux();
            switch (t.action()) {
                case "CpuPageFault" -> { }
                case "TtmBoUnmapVirtual" -> {
                    if (!noPte) {
                        continue;
                    }
                }
                case "ExporterMoveNotify" -> {
                    if (zapsFlush(s, t.successor())) {
                        aux = aux.copy();
                        aux.pendingFlush = true;
                    }
                }
                default -> {
                    continue;
                }
            }
            out.add(cf.with(new Outcome(t.successor(), aux)));
        }
        return out;
    }

    /** The oracle's part of a configuration (the spec state and the aux), and one way an event takes effect. */
    private record Outcome(CpuDeviceAccessState s, CpuOracleAux aux) {
    }

    private static boolean zapsFlush(CpuDeviceAccessState s, CpuDeviceAccessState n) {
        return s.device().pte().get(MAP).equals("present") && n.device().pte().get(MAP).equals("zapped");
    }

    /** The spec steps named {@code action} from {@code s} whose (before, after) satisfy {@code ok}, each with {@code aux}. */
    private List<Outcome> steps(CpuDeviceAccessState s, CpuOracleAux aux, String action,
                                BiPredicate<CpuDeviceAccessState, CpuDeviceAccessState> ok) {
        List<Outcome> out = new ArrayList<>();
        for (Transition<CpuDeviceAccessState> t : rel.next(s)) {
            if (t.action().equals(action) && ok.test(s, t.successor())) {
                out.add(new Outcome(t.successor(), aux));
            }
        }
        return out;
    }

    private List<Outcome> step(CpuDeviceAccessState s, CpuOracleAux aux, String action) {
        return steps(s, aux, action, (a, b) -> true);
    }

    private static String placement(String region) {
        return region.equals("noregion") ? null : CpuWalkToTrace.placement(region);
    }

    private static String kind(Object access) {
        return access == null ? null : access.toString().toLowerCase();
    }

    // ---- one event's effect ------------------------------------------------------------------

    /** The ways event {@code e} can take effect in {@code cf}: none if it cannot now. */
    private List<Outcome> fire(Outcome cf, WalkEvent e) {
        CpuDeviceAccessState s = cf.s();
        DeviceAccessState d = s.device();
        CpuOracleAux a = cf.aux().copy();
        String t = e.thread();
        if (!e.succeeded()) {
            return ENVIRONMENT.contains(e.result()) ? List.of(new Outcome(s, a)) : List.of();
        }
        if (!a.exported != e.op().equals("dma_buf_export")) {
            return List.of();
        }
        if (e.resvHeld() != null && t.equals(a.holder) != e.resvHeld()) {
            return List.of();
        }
        if (e.id("buf") != null && !e.id("buf").equals(BUF)) {
            return List.of();
        }
        boolean importer = t.equals(IMPORTER);
        boolean exporter = t.equals(EXPORTER);
        switch (e.op()) {
            case "dma_buf_export" -> {
                a.exported = true;
                return List.of(new Outcome(s, a));
            }
            case "dma_resv_lock" -> {
                if (a.holder != null) {
                    return List.of();
                }
                a.holder = t;
                return exporter ? step(s, a, "ExporterEvict") : List.of(new Outcome(s, a));
            }
            case "dma_resv_unlock" -> {
                if (!t.equals(a.holder) || exporter && (!d.expBuf().get(E).equals("nobuf") || a.pendingMove || a.pendingFlush)) {
                    return List.of();
                }
                a.holder = null;
                a.credits.remove(t);
                a.notifyCalled = false;
                return List.of(new Outcome(s, a));
            }
            case "dma_resv_reserve_fences" -> {
                if (!t.equals(a.holder) || !(e.arg("num") instanceof Long n)) {
                    return List.of();
                }
                a.credits.put(t, n);
                return List.of(new Outcome(s, a));
            }
            case "dma_resv_add_fence" -> {
                String f = e.id("fence");
                Object usage = e.arg("usage");
                if (!t.equals(a.holder) || a.credits.getOrDefault(t, 0L) <= 0 || !a.fresh(f)) {
                    return List.of();
                }
                a.credits.merge(t, -1L, Long::sum);
                if (importer && ("WRITE".equals(usage) || "READ".equals(usage))) {
                    a.jobFence = f;
                    a.jobSgt = a.sgt;
                    return steps(s, a, "DevSubmitJob", (x, y) -> y.device().jobKind().get(JOB).equals(kind(usage)));
                }
                if (importer && "BOOKKEEP".equals(usage)) {
                    a.flushFence = f;
                    return step(s, a, "DevZapPtes");
                }
                if (exporter && "BOOKKEEP".equals(usage) && a.pendingFlush) {
                    a.flushFence = f;
                    a.pendingFlush = false;
                    return List.of(new Outcome(s, a));
                }
                if (exporter && "KERNEL".equals(usage) && a.pendingMove) {
                    a.moveFence = f;
                    a.pendingMove = false;
                    return List.of(new Outcome(s, a));
                }
                return List.of();
            }
            case "dma_resv_wait_timeout" -> {
                if (!"KERNEL".equals(e.arg("usage"))) {
                    return List.of();
                }
                boolean pending = d.moveFence().get(BUF).equals("pending");
                boolean inTime = e.ret() instanceof Long r && r > 0;
                if (pending == inTime) {
                    return List.of();
                }
                List<Outcome> out = new ArrayList<>(List.of(new Outcome(s, a)));
                if (importer && inTime) {
                    out.addAll(step(s, a, "DevBindPtes"));
                }
                return out;
            }
            case "dma_buf_dynamic_attach" -> {
                if (!importer || a.holder != null || a.attach != null || !a.fresh(e.id("attach"))) {
                    return List.of();
                }
                a.attach = e.id("attach");
                return step(s, a, "DevAttach");
            }
            case "dma_buf_detach" -> {
                if (!importer || a.holder != null || a.attach == null || !a.attach.equals(e.id("attach"))) {
                    return List.of();
                }
                a.attach = null;
                return step(s, a, "DevDetach");
            }
            case "dma_buf_map_attachment" -> {
                if (!importer || a.attach == null || !a.attach.equals(e.id("attach")) || !a.fresh(e.id("sgt"))) {
                    return List.of();
                }
                a.sgt = e.id("sgt");
                return steps(s, a, "DevMapAttachment", (x, y) -> y.device().mapDir().get(MAP).equals(e.arg("dir")));
            }
            case "dma_buf_unmap_attachment" -> {
                if (!importer || a.attach == null || !a.attach.equals(e.id("attach")) || a.sgt == null || !a.sgt.equals(e.id("sgt"))) {
                    return List.of();
                }
                a.sgt = null;
                return step(s, a, "DevUnmapAttachment");
            }
            case "importer.device_access" -> {
                String k = kind(e.arg("access"));
                String f = e.id("fence");
                if (!importer || a.attach == null || !a.attach.equals(e.id("attach"))) {
                    return List.of();
                }
                if (f != null && f.equals(a.jobFence)) {
                    return e.id("sgt") != null && e.id("sgt").equals(a.jobSgt)
                            ? steps(s, a, "DevJobAccess", (x, y) -> y.device().lastAccess().orElseThrow().kind().equals(k)) : List.of();
                }
                boolean zapped = d.pte().get(MAP).equals("zapped");
                if (e.id("sgt") == null || !e.id("sgt").equals(a.sgt) || (zapped ? f == null || !f.equals(a.flushFence) : f != null)) {
                    return List.of();
                }
                return steps(s, a, "DevTranslationAccess", (x, y) -> y.device().lastAccess().orElseThrow().kind().equals(k));
            }
            case "dma_fence_signal" -> {
                String f = e.id("fence");
                if (f == null) {
                    return List.of();
                }
                if (f.equals(a.jobFence)) {
                    a.jobFence = null;
                    a.jobSgt = null;
                    return step(s, a, "DevSignalJob");
                }
                if (f.equals(a.flushFence)) {
                    a.flushFence = null;
                    return step(s, a, "DevTlbFlushComplete");
                }
                if (f.equals(a.moveFence)) {
                    a.moveFence = null;
                    return step(s, a, "DevSignalMove");
                }
                return List.of();
            }
            case "exporter.reuse_storage" -> {
                if (!exporter || !is(e, "placement", placement(d.moveFrom().get(BUF)))) {
                    return List.of();
                }
                return step(s, a, "DevReleaseOldStorage");
            }
            case "unmap_mapping_range" -> {
                return exporter ? step(s, a, "TtmBoUnmapVirtual") : List.of();
            }
            case "dma_buf_move_notify", "dma_buf_invalidate_mappings" -> {
                if (!exporter || e.op().equals("dma_buf_invalidate_mappings") != config.v71() || !d.expBuf().get(E).equals(BUF)
                        || !d.walkTodo().get(E).isEmpty() || a.notifyCalled) {
                    return List.of();
                }
                a.notifyCalled = true;
                return List.of(new Outcome(s, a));
            }
            case "importer.move_notify", "importer.invalidate_mappings" -> {
                if (!exporter || e.op().equals("importer.invalidate_mappings") != config.v71() || a.attach == null
                        || !a.attach.equals(e.id("attach"))) {
                    return List.of();
                }
                List<Outcome> out = new ArrayList<>();
                for (Outcome o : step(s, a, "ExporterMoveNotify")) {
                    CpuOracleAux b = a.copy();
                    b.pendingFlush = zapsFlush(s, o.s());
                    out.add(new Outcome(o.s(), b));
                }
                return out;
            }
            case "exporter.move" -> {
                // the core's dma_buf_move_notify precedes the move when a dynamic importer is attached (R4)
                if (!exporter || a.pendingFlush || !a.notifyCalled && !d.attachments().get(BUF).isEmpty()) {
                    return List.of();
                }
                a.pendingMove = true;
                return steps(s, a, "ExporterMove", (x, y) -> is(e, "from", placement(x.device().placement().get(BUF)))
                        && is(e, "to", placement(y.device().placement().get(BUF))));
            }
            case "mmap" -> {
                if (!t.equals(PROC)) {
                    return List.of();
                }
                a.vma = null;
                return step(s, a, "DmaBufMmap");
            }
            case "munmap" -> {
                if (!t.equals(PROC)) {
                    return List.of();
                }
                a.vma = null;
                return step(s, a, "Munmap");
            }
            case "exporter.vm_fault" -> {
                String vma = (String) e.arg("vma");
                if (!t.equals(PROC) || !t.equals(a.holder) || !sameVma(a, vma)) {
                    return List.of();
                }
                String k = kind(e.arg("access"));
                return steps(s, a, "TtmBoVmFault", (x, y) -> x.faulting().get(PROC).equals(k)
                        && is(e, "placement", placement(y.cpuPte().get(PROC))));
            }
            case "cpu.access" -> {
                String k = kind(e.arg("access"));
                if ("mmap".equals(e.arg("via")) && t.equals(PROC) && a.vma != null && a.vma.equals(e.arg("vma"))) {
                    return steps(s, a, "CpuMmapAccess", (x, y) -> y.cpuAccess().orElseThrow().kind().equals(k));
                }
                if ("vmap".equals(e.arg("via")) && t.equals(KTHREAD) && a.vmapAddr != null && a.vmapAddr.equals(e.arg("addr"))) {
                    return steps(s, a, "CpuVmapAccess", (x, y) -> y.cpuAccess().orElseThrow().kind().equals(k));
                }
                return List.of();
            }
            case "dma_buf_vmap_unlocked" -> {
                if (!t.equals(KTHREAD) || a.holder != null || a.vmapAddr != null || !(e.ret() instanceof String addr) || !a.fresh(addr)) {
                    return List.of();
                }
                a.vmapAddr = addr;
                return step(s, a, "DmaBufVmap");
            }
            case "dma_buf_vunmap_unlocked" -> {
                if (!t.equals(KTHREAD) || a.holder != null || a.vmapAddr == null || !a.vmapAddr.equals(e.arg("addr"))) {
                    return List.of();
                }
                a.vmapAddr = null;
                return step(s, a, "DmaBufVunmap");
            }
            default -> {
                return List.of();
            }
        }
    }

    private static boolean is(WalkEvent e, String arg, Object value) {
        return value != null && value.equals(e.arg(arg));
    }

    /** The fault names the process's current mapping: the one its earlier faults named, or a new one after an mmap. */
    private static boolean sameVma(CpuOracleAux a, String vma) {
        if (vma == null) {
            return false;
        }
        if (a.vma == null) {
            if (!a.fresh(vma)) {
                return false;
            }
            a.vma = vma;
            return true;
        }
        return a.vma.equals(vma);
    }
}
