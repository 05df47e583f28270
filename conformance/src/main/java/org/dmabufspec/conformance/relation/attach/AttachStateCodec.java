package org.dmabufspec.conformance.relation.attach;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/**
 * {@link AttachState} to and from TLA+ values. A name is a model value if the model declares it
 * (buffer, importer, region, exporter) and a string otherwise, which is how the spec mixes them
 * (e.g. {@code resvHolder[b] \in Procs \cup {"nobody"}}).
 */
final class AttachStateCodec {
    static final List<String> VARIABLES = List.of("resvHolder", "attachments", "importerOps", "pc", "mapping",
            "mapped", "mapDir", "cached", "mapValid", "mapReady", "job", "corePin", "importerPin", "placement",
            "storage", "moveFence", "moveFrom", "moveWaits", "expPc", "expBuf", "walkSnapshot", "walkTodo",
            "lastAccess");

    private final Set<String> modelValues;

    AttachStateCodec(Set<String> modelValues) {
        this.modelValues = Set.copyOf(modelValues);
    }

    Map<String, TlaValue> encode(AttachState s) {
        Map<String, TlaValue> v = new LinkedHashMap<>();
        v.put("resvHolder", fcn(s.resvHolder(), this::name));
        v.put("attachments", fcn(s.attachments(), this::nameSet));
        v.put("importerOps", fcn(s.importerOps(), Tla::bool));
        v.put("pc", fcn(s.pc(), this::name));
        v.put("mapping", fcn(s.mapping(), this::name));
        v.put("mapped", fcn(s.mapped(), Tla::bool));
        v.put("mapDir", fcn(s.mapDir(), this::name));
        v.put("cached", fcn(s.cached(), this::name));
        v.put("mapValid", fcn(s.mapValid(), Tla::bool));
        v.put("mapReady", fcn(s.mapReady(), Tla::bool));
        v.put("job", fcn(s.job(), Tla::bool));
        v.put("corePin", fcn(s.corePin(), Tla::bool));
        v.put("importerPin", fcn(s.importerPin(), Tla::bool));
        v.put("placement", fcn(s.placement(), this::name));
        v.put("storage", fcn(s.storage(), this::name));
        v.put("moveFence", fcn(s.moveFence(), this::name));
        v.put("moveFrom", fcn(s.moveFrom(), this::name));
        v.put("moveWaits", fcn(s.moveWaits(), this::nameSet));
        v.put("expPc", name(s.expPc()));
        v.put("expBuf", name(s.expBuf()));
        v.put("walkSnapshot", nameSet(s.walkSnapshot()));
        v.put("walkTodo", nameSet(s.walkTodo()));
        v.put("lastAccess", Tla.set(s.lastAccess()
                .map(x -> List.of(Tla.seq(List.of(name(x.importer()), name(x.region())))))
                .orElse(List.of())));
        return v;
    }

    AttachState decode(Map<String, TlaValue> v) {
        for (String name : VARIABLES) {
            if (!v.containsKey(name)) {
                throw new IllegalArgumentException("DmaBufAttach state has no variable " + name + ": " + v.keySet());
            }
        }
        List<TlaValue> accesses = Tla.asSet(v.get("lastAccess"));
        if (accesses.size() > 1) {
            throw new IllegalArgumentException("lastAccess holds more than one access: " + v.get("lastAccess").toTla());
        }
        Optional<AttachState.DeviceAccess> last = accesses.stream().findFirst().map(x -> {
            List<TlaValue> pair = Tla.asSeq(x);
            if (pair.size() != 2) {
                throw new IllegalArgumentException("lastAccess element is not <<a, r>>: " + x.toTla());
            }
            return new AttachState.DeviceAccess(nameOf(pair.get(0)), nameOf(pair.get(1)));
        });
        return new AttachState(
                nameFcn(v.get("resvHolder"), this::nameOf),
                nameFcn(v.get("attachments"), this::namesOf),
                nameFcn(v.get("importerOps"), Tla::asBool),
                nameFcn(v.get("pc"), this::nameOf),
                nameFcn(v.get("mapping"), this::nameOf),
                nameFcn(v.get("mapped"), Tla::asBool),
                nameFcn(v.get("mapDir"), this::nameOf),
                nameFcn(v.get("cached"), this::nameOf),
                nameFcn(v.get("mapValid"), Tla::asBool),
                nameFcn(v.get("mapReady"), Tla::asBool),
                nameFcn(v.get("job"), Tla::asBool),
                nameFcn(v.get("corePin"), Tla::asBool),
                nameFcn(v.get("importerPin"), Tla::asBool),
                nameFcn(v.get("placement"), this::nameOf),
                nameFcn(v.get("storage"), this::nameOf),
                nameFcn(v.get("moveFence"), this::nameOf),
                nameFcn(v.get("moveFrom"), this::nameOf),
                nameFcn(v.get("moveWaits"), this::namesOf),
                nameOf(v.get("expPc")),
                nameOf(v.get("expBuf")),
                namesOf(v.get("walkSnapshot")),
                namesOf(v.get("walkTodo")),
                last);
    }

    private TlaValue name(String n) {
        return modelValues.contains(n) ? Tla.model(n) : Tla.str(n);
    }

    private TlaValue nameSet(Set<String> names) {
        return Tla.set(names.stream().map(this::name).toList());
    }

    private <V> TlaValue fcn(Map<String, V> m, Function<V, TlaValue> value) {
        Map<TlaValue, TlaValue> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(Tla.model(k), value.apply(x)));
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

    private Set<String> namesOf(TlaValue set) {
        Set<String> out = new LinkedHashSet<>();
        for (TlaValue e : Tla.asSet(set)) {
            out.add(nameOf(e));
        }
        return out;
    }

    private <V> Map<String, V> nameFcn(TlaValue fcn, Function<TlaValue, V> value) {
        Map<String, V> out = new LinkedHashMap<>();
        Tla.asFcn(fcn).forEach((k, x) -> out.put(Tla.asModel(k), value.apply(x)));
        return out;
    }
}
