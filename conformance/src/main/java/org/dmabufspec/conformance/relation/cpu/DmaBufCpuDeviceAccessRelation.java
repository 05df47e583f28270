package org.dmabufspec.conformance.relation.cpu;

import static org.dmabufspec.conformance.relation.cpu.CpuDeviceAccessState.put;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.dmabufspec.conformance.relation.ModelNames;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.cpu.CpuDeviceAccessState.CpuTouch;
import org.dmabufspec.conformance.relation.device.DeviceAccessConstants;
import org.dmabufspec.conformance.relation.device.DeviceAccessState;
import org.dmabufspec.conformance.relation.device.DeviceAccessState.Slot;
import org.dmabufspec.conformance.relation.device.DmaBufDeviceAccessRelation;
import org.dmabufspec.tlc.TlaValue;

/**
 * specs/tla/DmaBufCpuDeviceAccess.tla's CpuDevInit and CpuDevNext in Java, one method per action
 * with the action's name. As the spec extends DmaBufDeviceAccess and wraps its actions (DevAttach
 * == DmaBufAttach /\ CpuUnchanged, ExporterEvict == ~VmapPinned /\ DmaBufEvict /\ CpuUnchanged,
 * ...), this relation calls {@link DmaBufDeviceAccessRelation}'s actions and adds the CPU guards
 * and variables; the CPU actions (mmap, the page fault and the fault handler, accesses, vmap,
 * ttm_bo_unmap_virtual) are its own.
 */
public final class DmaBufCpuDeviceAccessRelation implements SpecRelation<CpuDeviceAccessState> {
    static final List<String> CPU_VARIABLES = List.of("mmapped", "faulting", "cpuPte", "vmapRegion", "cpuZapped",
            "cpuAccess");
    static final String NO_REGION = "noregion";
    static final String NO_KIND = "nokind";
    static final String NO_BUF = "nobuf";
    static final List<String> KINDS = List.of("read", "write");

    private final CpuDeviceAccessConstants c;
    private final DeviceAccessConstants d;
    private final DmaBufDeviceAccessRelation dev;
    private final ModelNames names;
    /** IndSpec of MCDmaBufCpuDeviceAccess_Ind: the initial states are TLC's enumeration of CpuIndInit. */
    private final boolean inductive;

    public DmaBufCpuDeviceAccessRelation(CpuDeviceAccessConstants constants) {
        this(constants, false);
    }

    public DmaBufCpuDeviceAccessRelation(CpuDeviceAccessConstants constants, boolean inductive) {
        this.inductive = inductive;
        this.c = constants;
        this.d = constants.device();
        this.dev = new DmaBufDeviceAccessRelation(d);
        this.names = new ModelNames(constants.modelValues());
    }

    public CpuDeviceAccessConstants constants() {
        return c;
    }

    // ---- helpers, named as in the spec -----------------------------------------------------

    private String cpuBuf(String u) {
        return c.cpuUserBuf().get(u);
    }

    private List<String> mmapKinds(String u) {
        return c.writableMmaps().contains(u) ? KINDS : List.of("read");
    }

    private boolean locked(CpuDeviceAccessState s, String b) {
        return d.exporters().stream().anyMatch(e -> s.device().expBuf().get(e).equals(b));
    }

    private static boolean kernelFencesSignalled(CpuDeviceAccessState s, String b) {
        return !s.device().moveFence().get(b).equals("pending");
    }

    /** R20: some vmap user of the buffer holds its vmap. */
    private boolean vmapPinned(CpuDeviceAccessState s, String b) {
        return c.vmapUsers().stream().anyMatch(u -> cpuBuf(u).equals(b) && !s.vmapRegion().get(u).equals(NO_REGION));
    }

    /** R22: the fault handler's waits, the reservation and the KERNEL fences. */
    private boolean faultMayMap(CpuDeviceAccessState s, String b) {
        return !locked(s, b) && kernelFencesSignalled(s, b);
    }

    // ---- Init ----------------------------------------------------------------------------------

    @Override
    public Optional<Set<CpuDeviceAccessState>> initialStates() {
        if (inductive) {
            return Optional.empty();
        }
        Map<String, Boolean> mmapped = new HashMap<>();
        Map<String, String> faulting = new HashMap<>();
        Map<String, String> cpuPte = new HashMap<>();
        for (String u : c.mmapUsers()) {
            mmapped.put(u, false);
            faulting.put(u, NO_KIND);
            cpuPte.put(u, NO_REGION);
        }
        Map<String, String> vmapRegion = new HashMap<>();
        c.vmapUsers().forEach(u -> vmapRegion.put(u, NO_REGION));
        Map<String, Boolean> cpuZapped = new HashMap<>();
        d.exporters().forEach(e -> cpuZapped.put(e, false));
        Set<DeviceAccessState> devInit = dev.initialStates().orElseThrow();
        return Optional.of(Set.copyOf(devInit.stream().map(x -> new CpuDeviceAccessState(x, mmapped, faulting, cpuPte,
                vmapRegion, cpuZapped, Optional.empty())).toList()));
    }

    // ---- Next ----------------------------------------------------------------------------------

    @Override
    public List<Transition<CpuDeviceAccessState>> next(CpuDeviceAccessState s) {
        List<Transition<CpuDeviceAccessState>> out = new ArrayList<>();
        deviceStep(s, out);
        for (String e : d.exporters()) {
            exporterStep(s, e, out);
        }
        cpuStep(s, out);
        return out;
    }

    /** DeviceStep: DmaBufDeviceAccess!ImporterNext and the fence steps, each renamed Dev..., CPU side unchanged. */
    private void deviceStep(CpuDeviceAccessState s, List<Transition<CpuDeviceAccessState>> out) {
        DeviceAccessState x = s.device();
        for (String a : d.importers()) {
            wrap(s, "DevAttach", l -> dev.dmaBufAttach(x, a, l), out);
            wrap(s, "DevDetach", l -> dev.dmaBufDetach(x, a, l), out);
            for (String slot : d.slots()) {
                Slot m = new Slot(a, slot);
                for (String dir : d.mapDirs()) {
                    wrap(s, "DevMapAttachment", l -> dev.dmaBufMapAttachment(x, m, dir, l), out);
                }
                wrap(s, "DevBindPtes", l -> dev.importerBindPtes(x, m, l), out);
                wrap(s, "DevZapPtes", l -> dev.importerZapPtes(x, m, l), out);
                wrap(s, "DevTlbFlushComplete", l -> dev.tlbFlushComplete(x, m, l), out);
                wrap(s, "DevUnmapAttachment", l -> dev.dmaBufUnmapAttachment(x, m, l), out);
                for (String k : KINDS) {
                    wrap(s, "DevTranslationAccess", l -> dev.deviceTranslationAccess(x, m, k, l), out);
                    for (String js : d.jobSlots()) {
                        wrap(s, "DevSubmitJob", l -> dev.importerSubmitJob(x, new Slot(a, js), m, k, l), out);
                    }
                }
            }
            for (String js : d.jobSlots()) {
                Slot j = new Slot(a, js);
                wrap(s, "DevJobAccess", l -> dev.deviceJobAccess(x, j, l), out);
                wrap(s, "DevSignalJob", l -> dev.dmaFenceSignalJob(x, j, l), out);
            }
        }
        for (String b : d.buffers()) {
            wrap(s, "DevSignalMove", l -> dev.dmaFenceSignalMove(x, b, l), out);
            wrap(s, "DevReleaseOldStorage", l -> dev.dmaBufReleaseOldStorage(x, b, l), out);
        }
    }

    /** ExporterStep(e): TTM's eviction around DmaBufDeviceAccess's. */
    private void exporterStep(CpuDeviceAccessState s, String e, List<Transition<CpuDeviceAccessState>> out) {
        for (String b : d.buffers()) {
            exporterEvict(s, e, b, out);
        }
        ttmBoUnmapVirtual(s, e, out);
        for (String a : d.importers()) {
            exporterMoveNotify(s, e, a, out);
        }
        exporterMove(s, e, out);
    }

    private void cpuStep(CpuDeviceAccessState s, List<Transition<CpuDeviceAccessState>> out) {
        for (String u : c.mmapUsers()) {
            dmaBufMmap(s, u, out);
            ttmBoVmFault(s, u, out);
            munmap(s, u, out);
            for (String k : KINDS) {
                cpuPageFault(s, u, k, out);
                cpuMmapAccess(s, u, k, out);
            }
        }
        for (String u : c.vmapUsers()) {
            dmaBufVmap(s, u, out);
            dmaBufVunmap(s, u, out);
            for (String k : KINDS) {
                cpuVmapAccess(s, u, k, out);
            }
        }
    }

    /** A DmaBufDeviceAccess action's successors, labelled as the wrapping action, the CPU side unchanged. */
    private static void wrap(CpuDeviceAccessState s, String action, Consumer<List<Transition<DeviceAccessState>>> step,
                             List<Transition<CpuDeviceAccessState>> out) {
        List<Transition<DeviceAccessState>> l = new ArrayList<>();
        step.accept(l);
        l.forEach(t -> out.add(new Transition<>(action, s.withDevice(t.successor()))));
    }

    // ---- the exporter's eviction ---------------------------------------------------------------

    void exporterEvict(CpuDeviceAccessState s, String e, String b, List<Transition<CpuDeviceAccessState>> out) {
        if (vmapPinned(s, b)) {
            return;
        }
        wrap(s, "ExporterEvict", l -> dev.dmaBufEvict(s.device(), e, b, l), out);
    }

    void ttmBoUnmapVirtual(CpuDeviceAccessState s, String e, List<Transition<CpuDeviceAccessState>> out) {
        String b = s.device().expBuf().get(e);
        if (b.equals(NO_BUF) || s.cpuZapped().get(e)) {
            return;
        }
        Map<String, String> pte = new HashMap<>(s.cpuPte());
        c.mmapUsers().forEach(u -> {
            if (cpuBuf(u).equals(b)) {
                pte.put(u, NO_REGION);
            }
        });
        out.add(new Transition<>("TtmBoUnmapVirtual", s.cpu(s.mmapped(), s.faulting(), pte, s.vmapRegion(),
                put(s.cpuZapped(), e, true), Optional.empty())));
    }

    void exporterMoveNotify(CpuDeviceAccessState s, String e, String a, List<Transition<CpuDeviceAccessState>> out) {
        if (!s.cpuZapped().get(e)) {
            return;
        }
        wrap(s, "ExporterMoveNotify", l -> dev.dmaBufMoveNotify(s.device(), e, a, l), out);
    }

    void exporterMove(CpuDeviceAccessState s, String e, List<Transition<CpuDeviceAccessState>> out) {
        if (!s.cpuZapped().get(e)) {
            return;
        }
        List<Transition<DeviceAccessState>> l = new ArrayList<>();
        dev.dmaBufMove(s.device(), e, l);
        Map<String, Boolean> zapped = put(s.cpuZapped(), e, false);
        l.forEach(t -> out.add(new Transition<>("ExporterMove", new CpuDeviceAccessState(t.successor(), s.mmapped(),
                s.faulting(), s.cpuPte(), s.vmapRegion(), zapped, Optional.empty()))));
    }

    // ---- userspace mmap ------------------------------------------------------------------------

    void dmaBufMmap(CpuDeviceAccessState s, String u, List<Transition<CpuDeviceAccessState>> out) {
        if (s.mmapped().get(u)) {
            return;
        }
        out.add(new Transition<>("DmaBufMmap", s.cpu(put(s.mmapped(), u, true), s.faulting(), s.cpuPte(),
                s.vmapRegion(), s.cpuZapped(), Optional.empty())));
    }

    void cpuPageFault(CpuDeviceAccessState s, String u, String k, List<Transition<CpuDeviceAccessState>> out) {
        if (!s.mmapped().get(u) || !s.cpuPte().get(u).equals(NO_REGION) || !s.faulting().get(u).equals(NO_KIND)
                || !mmapKinds(u).contains(k)) {
            return;
        }
        out.add(new Transition<>("CpuPageFault", s.cpu(s.mmapped(), put(s.faulting(), u, k), s.cpuPte(),
                s.vmapRegion(), s.cpuZapped(), Optional.empty())));
    }

    void ttmBoVmFault(CpuDeviceAccessState s, String u, List<Transition<CpuDeviceAccessState>> out) {
        String b = cpuBuf(u);
        if (s.faulting().get(u).equals(NO_KIND) || !faultMayMap(s, b)) {
            return;
        }
        out.add(new Transition<>("TtmBoVmFault", s.cpu(s.mmapped(), put(s.faulting(), u, NO_KIND),
                put(s.cpuPte(), u, s.device().placement().get(b)), s.vmapRegion(), s.cpuZapped(), Optional.empty())));
    }

    void cpuMmapAccess(CpuDeviceAccessState s, String u, String k, List<Transition<CpuDeviceAccessState>> out) {
        String r = s.cpuPte().get(u);
        if (r.equals(NO_REGION) || !mmapKinds(u).contains(k)) {
            return;
        }
        out.add(new Transition<>("CpuMmapAccess", s.cpu(s.mmapped(), s.faulting(), s.cpuPte(), s.vmapRegion(),
                s.cpuZapped(), Optional.of(new CpuTouch(u, r, k)))));
    }

    void munmap(CpuDeviceAccessState s, String u, List<Transition<CpuDeviceAccessState>> out) {
        if (!s.mmapped().get(u) || !s.faulting().get(u).equals(NO_KIND)) {
            return;
        }
        out.add(new Transition<>("Munmap", s.cpu(put(s.mmapped(), u, false), s.faulting(), put(s.cpuPte(), u, NO_REGION),
                s.vmapRegion(), s.cpuZapped(), Optional.empty())));
    }

    // ---- kernel vmap ---------------------------------------------------------------------------

    void dmaBufVmap(CpuDeviceAccessState s, String u, List<Transition<CpuDeviceAccessState>> out) {
        String b = cpuBuf(u);
        if (!s.vmapRegion().get(u).equals(NO_REGION) || locked(s, b) || !kernelFencesSignalled(s, b)) {
            return;
        }
        out.add(new Transition<>("DmaBufVmap", s.cpu(s.mmapped(), s.faulting(), s.cpuPte(),
                put(s.vmapRegion(), u, s.device().placement().get(b)), s.cpuZapped(), Optional.empty())));
    }

    void cpuVmapAccess(CpuDeviceAccessState s, String u, String k, List<Transition<CpuDeviceAccessState>> out) {
        String r = s.vmapRegion().get(u);
        if (r.equals(NO_REGION)) {
            return;
        }
        out.add(new Transition<>("CpuVmapAccess", s.cpu(s.mmapped(), s.faulting(), s.cpuPte(), s.vmapRegion(),
                s.cpuZapped(), Optional.of(new CpuTouch(u, r, k)))));
    }

    void dmaBufVunmap(CpuDeviceAccessState s, String u, List<Transition<CpuDeviceAccessState>> out) {
        if (s.vmapRegion().get(u).equals(NO_REGION) || locked(s, cpuBuf(u))) {
            return;
        }
        out.add(new Transition<>("DmaBufVunmap", s.cpu(s.mmapped(), s.faulting(), s.cpuPte(),
                put(s.vmapRegion(), u, NO_REGION), s.cpuZapped(), Optional.empty())));
    }

    // ---- encoding ------------------------------------------------------------------------------

    @Override
    public Map<String, TlaValue> encode(CpuDeviceAccessState s) {
        Map<String, TlaValue> v = new LinkedHashMap<>(dev.encode(s.device()));
        v.put("mmapped", ModelNames.fcn(s.mmapped(), Tla::model, Tla::bool));
        v.put("faulting", ModelNames.fcn(s.faulting(), Tla::model, names::name));
        v.put("cpuPte", ModelNames.fcn(s.cpuPte(), Tla::model, names::name));
        v.put("vmapRegion", ModelNames.fcn(s.vmapRegion(), Tla::model, names::name));
        v.put("cpuZapped", ModelNames.fcn(s.cpuZapped(), Tla::model, Tla::bool));
        v.put("cpuAccess", Tla.set(s.cpuAccess()
                .map(x -> List.of(Tla.seq(List.of(names.name(x.user()), names.name(x.region()), names.name(x.kind())))))
                .orElse(List.of())));
        return v;
    }

    @Override
    public CpuDeviceAccessState decode(Map<String, TlaValue> v) {
        for (String name : CPU_VARIABLES) {
            if (!v.containsKey(name)) {
                throw new IllegalArgumentException("DmaBufCpuDeviceAccess state has no variable " + name + ": " + v.keySet());
            }
        }
        List<TlaValue> accesses = Tla.asSet(v.get("cpuAccess"));
        if (accesses.size() > 1) {
            throw new IllegalArgumentException("cpuAccess holds more than one access: " + v.get("cpuAccess").toTla());
        }
        Optional<CpuTouch> touch = accesses.stream().findFirst().map(x -> {
            List<TlaValue> t = Tla.asSeq(x);
            if (t.size() != 3) {
                throw new IllegalArgumentException("cpuAccess element is not <<u, r, kind>>: " + x.toTla());
            }
            return new CpuTouch(names.nameOf(t.get(0)), names.nameOf(t.get(1)), names.nameOf(t.get(2)));
        });
        return new CpuDeviceAccessState(dev.decode(v),
                ModelNames.fromFcn(v.get("mmapped"), Tla::asModel, Tla::asBool),
                ModelNames.fromFcn(v.get("faulting"), Tla::asModel, names::nameOf),
                ModelNames.fromFcn(v.get("cpuPte"), Tla::asModel, names::nameOf),
                ModelNames.fromFcn(v.get("vmapRegion"), Tla::asModel, names::nameOf),
                ModelNames.fromFcn(v.get("cpuZapped"), Tla::asModel, Tla::asBool),
                touch);
    }
}
