package org.dmabufspec.conformance.relation.device;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.dmabufspec.conformance.relation.ModelNames;
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

    private final ModelNames names;

    DeviceAccessCodec(Set<String> modelValues) {
        this.names = new ModelNames(modelValues);
    }

    Map<String, TlaValue> encode(DeviceAccessState s) {
        Map<String, TlaValue> v = new LinkedHashMap<>();
        v.put("attachments", byName(s.attachments(), names::nameSet));
        v.put("mapRegion", bySlot(s.mapRegion(), names::name));
        v.put("mapDir", bySlot(s.mapDir(), names::name));
        v.put("mapValid", bySlot(s.mapValid(), Tla::bool));
        v.put("pte", bySlot(s.pte(), names::name));
        v.put("pteWrites", bySlot(s.pteWrites(), Tla::bool));
        v.put("flushInResv", bySlot(s.flushInResv(), Tla::bool));
        v.put("jobRegion", bySlot(s.jobRegion(), names::name));
        v.put("jobKind", bySlot(s.jobKind(), names::name));
        v.put("placement", byName(s.placement(), names::name));
        v.put("storage", byName(s.storage(), names::name));
        v.put("moveFence", byName(s.moveFence(), names::name));
        v.put("moveFrom", byName(s.moveFrom(), names::name));
        v.put("moveWaitJobs", byName(s.moveWaitJobs(), this::slotSet));
        v.put("moveWaitFlush", byName(s.moveWaitFlush(), this::slotSet));
        v.put("expBuf", byName(s.expBuf(), names::name));
        v.put("expTarget", byName(s.expTarget(), names::name));
        v.put("walkTodo", byName(s.walkTodo(), names::nameSet));
        v.put("lastAccess", Tla.set(s.lastAccess()
                .map(x -> List.of(Tla.seq(List.of(names.name(x.device()), names.name(x.region()), names.name(x.kind()),
                        names.name(x.slot())))))
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
            return new Access(names.nameOf(t.get(0)), names.nameOf(t.get(1)), names.nameOf(t.get(2)), names.nameOf(t.get(3)));
        });
        return new DeviceAccessState(
                fromNames(v.get("attachments"), names::namesOf),
                fromSlots(v.get("mapRegion"), names::nameOf),
                fromSlots(v.get("mapDir"), names::nameOf),
                fromSlots(v.get("mapValid"), Tla::asBool),
                fromSlots(v.get("pte"), names::nameOf),
                fromSlots(v.get("pteWrites"), Tla::asBool),
                fromSlots(v.get("flushInResv"), Tla::asBool),
                fromSlots(v.get("jobRegion"), names::nameOf),
                fromSlots(v.get("jobKind"), names::nameOf),
                fromNames(v.get("placement"), names::nameOf),
                fromNames(v.get("storage"), names::nameOf),
                fromNames(v.get("moveFence"), names::nameOf),
                fromNames(v.get("moveFrom"), names::nameOf),
                fromNames(v.get("moveWaitJobs"), DeviceAccessCodec::slotsOf),
                fromNames(v.get("moveWaitFlush"), DeviceAccessCodec::slotsOf),
                fromNames(v.get("expBuf"), names::nameOf),
                fromNames(v.get("expTarget"), names::nameOf),
                fromNames(v.get("walkTodo"), names::namesOf),
                last);
    }

    private TlaValue slot(Slot s) {
        return Tla.seq(List.of(Tla.model(s.importer()), Tla.model(s.slot())));
    }

    private TlaValue slotSet(Set<Slot> slots) {
        return Tla.set(slots.stream().map(this::slot).toList());
    }

    private static <V> TlaValue byName(Map<String, V> m, Function<V, TlaValue> value) {
        return ModelNames.fcn(m, Tla::model, value);
    }

    private <V> TlaValue bySlot(Map<Slot, V> m, Function<V, TlaValue> value) {
        return ModelNames.fcn(m, this::slot, value);
    }

    private static Slot slotOf(TlaValue v) {
        List<TlaValue> t = Tla.asSeq(v);
        if (t.size() != 2) {
            throw new IllegalArgumentException("not an <<importer, slot>> pair: " + v.toTla());
        }
        return new Slot(Tla.asModel(t.get(0)), Tla.asModel(t.get(1)));
    }

    private static Set<Slot> slotsOf(TlaValue set) {
        return ModelNames.setOf(set, DeviceAccessCodec::slotOf);
    }

    private static <V> Map<String, V> fromNames(TlaValue fcn, Function<TlaValue, V> value) {
        return ModelNames.fromFcn(fcn, Tla::asModel, value);
    }

    private static <V> Map<Slot, V> fromSlots(TlaValue fcn, Function<TlaValue, V> value) {
        return ModelNames.fromFcn(fcn, DeviceAccessCodec::slotOf, value);
    }
}
