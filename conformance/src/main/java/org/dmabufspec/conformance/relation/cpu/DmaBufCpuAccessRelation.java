package org.dmabufspec.conformance.relation.cpu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.relation.ModelNames;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;

/** DmaBufCpuAccess.tla's Next, action for action (the spec's operator names label the steps). */
public final class DmaBufCpuAccessRelation implements SpecRelation<CpuAccessState> {
    private static final List<String> VARIABLES = List.of("placement", "storage", "mmapped", "cpuPte",
            "vmapRegion", "locked", "moveTo", "zapped", "lastAccess");

    private final String buffer;
    private final List<String> mmapUsers;
    private final List<String> vmapUsers;
    private final List<String> regions;
    private final String initRegion;
    private final ModelNames names;

    public DmaBufCpuAccessRelation(String buffer, Set<String> mmapUsers, Set<String> vmapUsers,
                                   Set<String> regions, String initRegion) {
        this.buffer = buffer;
        this.mmapUsers = List.copyOf(mmapUsers);
        this.vmapUsers = List.copyOf(vmapUsers);
        this.regions = List.copyOf(regions);
        this.initRegion = initRegion;
        Set<String> all = new HashSet<>(mmapUsers);
        all.addAll(vmapUsers);
        all.addAll(regions);
        all.add(buffer);
        this.names = new ModelNames(all);
    }

    @Override
    public Optional<Set<CpuAccessState>> initialStates() {
        Map<String, String> storage = new HashMap<>();
        regions.forEach(r -> storage.put(r, r.equals(initRegion) ? buffer : CpuAccessState.FREE));
        Map<String, Boolean> mmapped = new HashMap<>();
        Map<String, String> pte = new HashMap<>();
        mmapUsers.forEach(u -> {
            mmapped.put(u, false);
            pte.put(u, CpuAccessState.NO_REGION);
        });
        Map<String, String> vmap = new HashMap<>();
        vmapUsers.forEach(u -> vmap.put(u, CpuAccessState.NO_REGION));
        return Optional.of(Set.of(new CpuAccessState(initRegion, storage, mmapped, pte, vmap, false,
                CpuAccessState.NO_REGION, false, null)));
    }

    @Override
    public List<Transition<CpuAccessState>> next(CpuAccessState s) {
        List<Transition<CpuAccessState>> out = new ArrayList<>();
        for (String u : mmapUsers) {
            String pte = s.cpuPte().get(u);
            boolean mapped = s.mmapped().get(u);
            if (!mapped) {
                out.add(step("DmaBufMmap", s, put(s.mmapped(), u, true), s.cpuPte(), s.vmapRegion(), null));
            }
            if (mapped && pte.equals(CpuAccessState.NO_REGION) && !s.locked()) {
                out.add(step("TtmBoVmFault", s, s.mmapped(), put(s.cpuPte(), u, s.placement()), s.vmapRegion(), null));
            }
            if (!pte.equals(CpuAccessState.NO_REGION)) {
                out.add(step("CpuMmapAccess", s, s.mmapped(), s.cpuPte(), s.vmapRegion(),
                        new CpuAccessState.Access(u, pte)));
            }
            if (mapped) {
                out.add(step("Munmap", s, put(s.mmapped(), u, false), put(s.cpuPte(), u, CpuAccessState.NO_REGION),
                        s.vmapRegion(), null));
            }
        }
        for (String u : vmapUsers) {
            String at = s.vmapRegion().get(u);
            if (at.equals(CpuAccessState.NO_REGION) && !s.locked()) {
                out.add(step("DmaBufVmap", s, s.mmapped(), s.cpuPte(), put(s.vmapRegion(), u, s.placement()), null));
            }
            if (!at.equals(CpuAccessState.NO_REGION)) {
                out.add(step("CpuVmapAccess", s, s.mmapped(), s.cpuPte(), s.vmapRegion(),
                        new CpuAccessState.Access(u, at)));
            }
            if (!at.equals(CpuAccessState.NO_REGION) && !s.locked()) {
                out.add(step("DmaBufVunmap", s, s.mmapped(), s.cpuPte(),
                        put(s.vmapRegion(), u, CpuAccessState.NO_REGION), null));
            }
        }
        boolean vmapPinned = s.vmapRegion().values().stream().anyMatch(r -> !r.equals(CpuAccessState.NO_REGION));
        for (String r : regions) {
            if (!s.locked() && !vmapPinned && s.storage().get(r).equals(CpuAccessState.FREE)) {
                out.add(new Transition<>("DmaBufEvict", new CpuAccessState(s.placement(), s.storage(), s.mmapped(),
                        s.cpuPte(), s.vmapRegion(), true, r, s.zapped(), null)));
            }
        }
        if (s.locked() && !s.zapped()) {
            Map<String, String> none = new HashMap<>();
            mmapUsers.forEach(u -> none.put(u, CpuAccessState.NO_REGION));
            out.add(new Transition<>("TtmBoUnmapVirtual", new CpuAccessState(s.placement(), s.storage(), s.mmapped(),
                    none, s.vmapRegion(), true, s.moveTo(), true, null)));
        }
        if (s.locked() && s.zapped()) {
            Map<String, String> storage = new HashMap<>(s.storage());
            storage.put(s.moveTo(), buffer);
            storage.put(s.placement(), CpuAccessState.FREE);
            out.add(new Transition<>("DmaBufMove", new CpuAccessState(s.moveTo(), storage, s.mmapped(), s.cpuPte(),
                    s.vmapRegion(), false, CpuAccessState.NO_REGION, false, null)));
        }
        return out;
    }

    private static Transition<CpuAccessState> step(String action, CpuAccessState s, Map<String, Boolean> mmapped,
                                                   Map<String, String> pte, Map<String, String> vmap,
                                                   CpuAccessState.Access last) {
        return new Transition<>(action, new CpuAccessState(s.placement(), s.storage(), mmapped, pte, vmap,
                s.locked(), s.moveTo(), s.zapped(), last));
    }

    private static <V> Map<String, V> put(Map<String, V> m, String k, V v) {
        Map<String, V> out = new HashMap<>(m);
        out.put(k, v);
        return out;
    }

    @Override
    public Map<String, TlaValue> encode(CpuAccessState s) {
        Map<String, TlaValue> v = new LinkedHashMap<>();
        v.put("placement", names.name(s.placement()));
        v.put("storage", ModelNames.fcn(s.storage(), Tla::model, names::name));
        v.put("mmapped", ModelNames.fcn(s.mmapped(), Tla::model, Tla::bool));
        v.put("cpuPte", ModelNames.fcn(s.cpuPte(), Tla::model, names::name));
        v.put("vmapRegion", ModelNames.fcn(s.vmapRegion(), Tla::model, names::name));
        v.put("locked", Tla.bool(s.locked()));
        v.put("moveTo", names.name(s.moveTo()));
        v.put("zapped", Tla.bool(s.zapped()));
        v.put("lastAccess", Tla.set(s.last() == null ? List.of()
                : List.of(Tla.seq(List.of(Tla.model(s.last().user()), Tla.model(s.last().region()))))));
        return v;
    }

    @Override
    public CpuAccessState decode(Map<String, TlaValue> v) {
        for (String name : VARIABLES) {
            if (!v.containsKey(name)) {
                throw new IllegalArgumentException("DmaBufCpuAccess state has no variable " + name + ": " + v.keySet());
            }
        }
        List<TlaValue> accesses = Tla.asSet(v.get("lastAccess"));
        if (accesses.size() > 1) {
            throw new IllegalArgumentException("lastAccess holds more than one access: " + v.get("lastAccess").toTla());
        }
        CpuAccessState.Access last = null;
        if (!accesses.isEmpty()) {
            List<TlaValue> t = Tla.asSeq(accesses.get(0));
            if (t.size() != 2) {
                throw new IllegalArgumentException("lastAccess element is not <<u, r>>: " + accesses.get(0).toTla());
            }
            last = new CpuAccessState.Access(Tla.asModel(t.get(0)), Tla.asModel(t.get(1)));
        }
        return new CpuAccessState(names.nameOf(v.get("placement")),
                ModelNames.fromFcn(v.get("storage"), Tla::asModel, names::nameOf),
                ModelNames.fromFcn(v.get("mmapped"), Tla::asModel, Tla::asBool),
                ModelNames.fromFcn(v.get("cpuPte"), Tla::asModel, names::nameOf),
                ModelNames.fromFcn(v.get("vmapRegion"), Tla::asModel, names::nameOf),
                Tla.asBool(v.get("locked")), names.nameOf(v.get("moveTo")), Tla.asBool(v.get("zapped")), last);
    }
}
