package org.dmabufspec.conformance.relation.device;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.conformance.relation.device.DeviceAccessState.Access;
import org.dmabufspec.conformance.relation.device.DeviceAccessState.Slot;
import org.dmabufspec.tlc.TlaValue;

/**
 * {@link DeviceAccessState} to and from TLA+ values. A name is a model value if the model
 * declares it and a string otherwise; a mapping or job key is the tuple {@code <<importer, slot>>}.
 */
final class DeviceAccessCodec {
    static final List<String> VARIABLES = List.of("attachments", "mapRegion", "mapDir", "mapValid", "pte",
            "pteWrites", "flushInResv", "jobRegion", "jobKind", "placement", "storage", "moveFence", "moveFrom",
            "moveWaitJobs", "moveWaitFlush", "expBuf", "expTarget", "walkTodo", "lastAccess");

    private final Set<String> modelValues;

    DeviceAccessCodec(Set<String> modelValues) {
        this.modelValues = Set.copyOf(modelValues);
    }

    Map<String, TlaValue> encode(DeviceAccessState s) {
        Map<String, TlaValue> v = new LinkedHashMap<>();
        v.put("attachments", byName(s.attachments(), this::nameSet));
        v.put("mapRegion", bySlot(s.mapRegion(), this::name));
        v.put("mapDir", bySlot(s.mapDir(), this::name));
        v.put("mapValid", bySlot(s.mapValid(), Tla::bool));
        v.put("pte", bySlot(s.pte(), this::name));
        v.put("pteWrites", bySlot(s.pteWrites(), Tla::bool));
        v.put("flushInResv", bySlot(s.flushInResv(), Tla::bool));
        v.put("jobRegion", bySlot(s.jobRegion(), this::name));
        v.put("jobKind", bySlot(s.jobKind(), this::name));
        v.put("placement", byName(s.placement(), this::name));
        v.put("storage", byName(s.storage(), this::name));
        v.put("moveFence", byName(s.moveFence(), this::name));
        v.put("moveFrom", byName(s.moveFrom(), this::name));
        v.put("moveWaitJobs", byName(s.moveWaitJobs(), this::slotSet));
        v.put("moveWaitFlush", byName(s.moveWaitFlush(), this::slotSet));
        v.put("expBuf", byName(s.expBuf(), this::name));
        v.put("expTarget", byName(s.expTarget(), this::name));
        v.put("walkTodo", byName(s.walkTodo(), this::nameSet));
        v.put("lastAccess", Tla.set(s.lastAccess()
                .map(x -> List.of(Tla.seq(List.of(name(x.device()), name(x.region()), name(x.kind()),
                        name(x.slot())))))
                .orElse(List.of())));
        return v;
    }

    DeviceAccessState decode(Map<String, TlaValue> v) {
        for (String name : VARIABLES) {
            if (!v.containsKey(name)) {
                throw new IllegalArgumentException("DmaBufDeviceAccess state has no variable " + name + ": "
                        + v.keySet());
            }
        }
        List<TlaValue> accesses = Tla.asSet(v.get("lastAccess"));
        if (accesses.size() > 1) {
            throw new IllegalArgumentException("lastAccess holds more than one access: " + v.get("lastAccess").toTla());
        }
        Optional<Access> last = accesses.stream().findFirst().map(x -> {
            List<TlaValue> t = Tla.asSeq(x);
            if (t.size() != 4) {
                throw new IllegalArgumentException("lastAccess element is not <<a, r, kind, slot>>: " + x.toTla());
            }
            return new Access(nameOf(t.get(0)), nameOf(t.get(1)), nameOf(t.get(2)), nameOf(t.get(3)));
        });
        return new DeviceAccessState(
                fromNames(v.get("attachments"), this::namesOf),
                fromSlots(v.get("mapRegion"), this::nameOf),
                fromSlots(v.get("mapDir"), this::nameOf),
                fromSlots(v.get("mapValid"), Tla::asBool),
                fromSlots(v.get("pte"), this::nameOf),
                fromSlots(v.get("pteWrites"), Tla::asBool),
                fromSlots(v.get("flushInResv"), Tla::asBool),
                fromSlots(v.get("jobRegion"), this::nameOf),
                fromSlots(v.get("jobKind"), this::nameOf),
                fromNames(v.get("placement"), this::nameOf),
                fromNames(v.get("storage"), this::nameOf),
                fromNames(v.get("moveFence"), this::nameOf),
                fromNames(v.get("moveFrom"), this::nameOf),
                fromNames(v.get("moveWaitJobs"), this::slotsOf),
                fromNames(v.get("moveWaitFlush"), this::slotsOf),
                fromNames(v.get("expBuf"), this::nameOf),
                fromNames(v.get("expTarget"), this::nameOf),
                fromNames(v.get("walkTodo"), this::namesOf),
                last);
    }

    private TlaValue name(String n) {
        return modelValues.contains(n) ? Tla.model(n) : Tla.str(n);
    }

    private TlaValue slot(Slot s) {
        return Tla.seq(List.of(Tla.model(s.importer()), Tla.model(s.slot())));
    }

    private TlaValue nameSet(Set<String> names) {
        return Tla.set(names.stream().map(this::name).toList());
    }

    private TlaValue slotSet(Set<Slot> slots) {
        return Tla.set(slots.stream().map(this::slot).toList());
    }

    private <V> TlaValue byName(Map<String, V> m, Function<V, TlaValue> value) {
        Map<TlaValue, TlaValue> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(Tla.model(k), value.apply(x)));
        return Tla.fcn(out);
    }

    private <V> TlaValue bySlot(Map<Slot, V> m, Function<V, TlaValue> value) {
        Map<TlaValue, TlaValue> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(slot(k), value.apply(x)));
        return Tla.fcn(out);
    }

    /** A model value's name or a string's text; a string that names a model value is a spec error. */
    private String nameOf(TlaValue v) {
        if (v instanceof TlaValue.ModelValue m) {
            return m.name();
        }
        String s = Tla.asString(v);
        if (modelValues.contains(s)) {
            throw new IllegalArgumentException("string \"" + s + "\" clashes with a model value of the same name");
        }
        return s;
    }

    private Slot slotOf(TlaValue v) {
        List<TlaValue> t = Tla.asSeq(v);
        if (t.size() != 2) {
            throw new IllegalArgumentException("not an <<importer, slot>> pair: " + v.toTla());
        }
        return new Slot(Tla.asModel(t.get(0)), Tla.asModel(t.get(1)));
    }

    private Set<String> namesOf(TlaValue set) {
        Set<String> out = new LinkedHashSet<>();
        for (TlaValue e : Tla.asSet(set)) {
            out.add(nameOf(e));
        }
        return out;
    }

    private Set<Slot> slotsOf(TlaValue set) {
        Set<Slot> out = new LinkedHashSet<>();
        for (TlaValue e : Tla.asSet(set)) {
            out.add(slotOf(e));
        }
        return out;
    }

    private <V> Map<String, V> fromNames(TlaValue fcn, Function<TlaValue, V> value) {
        Map<String, V> out = new LinkedHashMap<>();
        Tla.asFcn(fcn).forEach((k, x) -> out.put(Tla.asModel(k), value.apply(x)));
        return out;
    }

    private <V> Map<Slot, V> fromSlots(TlaValue fcn, Function<TlaValue, V> value) {
        Map<Slot, V> out = new LinkedHashMap<>();
        Tla.asFcn(fcn).forEach((k, x) -> out.put(slotOf(k), value.apply(x)));
        return out;
    }
}
