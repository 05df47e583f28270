package org.dmabufspec.conformance.relation.isolation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.checker.isolation.DmaBufIsolation;
import org.dmabufspec.conformance.checker.isolation.IsoState;
import org.dmabufspec.conformance.relation.ModelNames;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaBufIsolation.tla's Next built from the trace checker's own copy of the spec
 * ({@link DmaBufIsolation}'s action methods and {@link IsoState}), so the graph check proves the
 * copy the checker judges every accepted step with, not a third one. An {@link IsoState} leaves
 * out unowned regions and devices attached to nothing; the codec adds them back.
 */
public final class DmaBufIsolationRelation implements SpecRelation<IsoState> {
    private final List<String> devices;
    private final List<String> buffers;
    private final List<String> regions;
    private final ModelNames names;
    private final List<Map<String, String>> owners;

    public DmaBufIsolationRelation(Set<String> devices, Set<String> buffers, Set<String> regions) {
        this.devices = List.copyOf(devices);
        this.buffers = List.copyOf(buffers);
        this.regions = List.copyOf(regions);
        Set<String> all = new HashSet<>(devices);
        all.addAll(buffers);
        all.addAll(regions);
        this.names = new ModelNames(all);
        this.owners = allOwners();
    }

    /** Init: any assignment of regions to buffers or to nobody; no device attached, no access. */
    @Override
    public Optional<Set<IsoState>> initialStates() {
        Set<IsoState> init = new HashSet<>();
        for (Map<String, String> o : owners) {
            init.add(new IsoState(o, Map.of(), null));
        }
        return Optional.of(init);
    }

    @Override
    public List<Transition<IsoState>> next(IsoState s) {
        List<Transition<IsoState>> out = new ArrayList<>();
        for (String d : devices) {
            for (String b : buffers) {
                if (s.attachedTo(d).contains(b)) {
                    out.add(new Transition<>("Detach", DmaBufIsolation.detach(s, d, b)));
                } else {
                    out.add(new Transition<>("Attach", DmaBufIsolation.attach(s, d, b)));
                }
            }
        }
        for (Map<String, String> o : owners) {
            if (!o.equals(s.owner())) {
                out.add(new Transition<>("Reassign", DmaBufIsolation.reassign(s, o)));
            }
        }
        for (String d : devices) {
            for (String r : regions) {
                IsoState.Access x = new IsoState.Access(d, r);
                if (DmaBufIsolation.touchEnabled(s, x)) {
                    out.add(new Transition<>("Touch", DmaBufIsolation.touch(s, x)));
                }
            }
        }
        if (s.lastAccess() != null) {
            out.add(new Transition<>("Quiesce", DmaBufIsolation.quiesce(s)));
        }
        return out;
    }

    @Override
    public Map<String, TlaValue> encode(IsoState s) {
        Map<String, String> owner = new LinkedHashMap<>();
        regions.forEach(r -> owner.put(r, s.ownerOf(r)));
        Map<String, Set<String>> attached = new LinkedHashMap<>();
        devices.forEach(d -> attached.put(d, s.attachedTo(d)));
        Map<String, TlaValue> v = new LinkedHashMap<>();
        v.put("owner", ModelNames.fcn(owner, Tla::model, names::name));
        v.put("attached", ModelNames.fcn(attached, Tla::model, names::nameSet));
        v.put("lastAccess", Tla.set(s.lastAccess() == null ? List.of()
                : List.of(Tla.seq(List.of(Tla.model(s.lastAccess().device()), Tla.model(s.lastAccess().region()))))));
        return v;
    }

    @Override
    public IsoState decode(Map<String, TlaValue> v) {
        for (String name : List.of("owner", "attached", "lastAccess")) {
            if (!v.containsKey(name)) {
                throw new IllegalArgumentException("DmaBufIsolation state has no variable " + name + ": " + v.keySet());
            }
        }
        Map<String, String> owner = new HashMap<>();
        ModelNames.fromFcn(v.get("owner"), Tla::asModel, names::nameOf).forEach((r, b) -> {
            if (!b.equals(IsoState.UNOWNED)) {
                owner.put(r, b);
            }
        });
        Map<String, Set<String>> attached = new HashMap<>();
        ModelNames.fromFcn(v.get("attached"), Tla::asModel, names::namesOf).forEach((d, bs) -> {
            if (!bs.isEmpty()) {
                attached.put(d, Set.copyOf(bs));
            }
        });
        List<TlaValue> accesses = Tla.asSet(v.get("lastAccess"));
        if (accesses.size() > 1) {
            throw new IllegalArgumentException("lastAccess holds more than one access: " + v.get("lastAccess").toTla());
        }
        IsoState.Access last = accesses.isEmpty() ? null : access(accesses.get(0));
        return new IsoState(owner, attached, last);
    }

    private static IsoState.Access access(TlaValue x) {
        List<TlaValue> t = Tla.asSeq(x);
        if (t.size() != 2) {
            throw new IllegalArgumentException("lastAccess element is not <<d, r>>: " + x.toTla());
        }
        return new IsoState.Access(Tla.asModel(t.get(0)), Tla.asModel(t.get(1)));
    }

    /** [Regions -> Buffers \cup {Unowned}], each as the map of the owned regions only. */
    private List<Map<String, String>> allOwners() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(Map.of());
        for (String r : regions) {
            List<Map<String, String>> more = new ArrayList<>();
            for (Map<String, String> o : out) {
                more.add(o);
                for (String b : buffers) {
                    Map<String, String> m = new HashMap<>(o);
                    m.put(r, b);
                    more.add(Map.copyOf(m));
                }
            }
            out = more;
        }
        return List.copyOf(out);
    }
}
