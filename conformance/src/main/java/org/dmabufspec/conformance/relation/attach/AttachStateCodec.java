package org.dmabufspec.conformance.relation.attach;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.dmabufspec.conformance.relation.ModelNames;
import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/**
 * {@link AttachState} to and from TLA+ values. A name is a model value if the model declares it
 * (buffer, importer, region, exporter) and a string otherwise, which is how the spec mixes them
 * (e.g. {@code holder[b] \in Procs \cup {"nobody"}}).
 */
final class AttachStateCodec {
    static final List<String> VARIABLES = List.of("holder", "attachments", "importerOps", "pc", "mapping",
            "mapped", "mapDir", "cached", "mapValid", "mapReady", "job", "corePin", "importerPin", "placement",
            "storage", "moveFence", "moveFrom", "moveWaits", "expPc", "expBuf", "walkSnapshot", "walkTodo",
            "lastAccess");

    private final ModelNames names;

    AttachStateCodec(Set<String> modelValues) {
        this.names = new ModelNames(modelValues);
    }

    Map<String, TlaValue> encode(AttachState s) {
        Map<String, TlaValue> v = new LinkedHashMap<>();
        v.put("holder", fcn(s.holder(), names::name));
        v.put("attachments", fcn(s.attachments(), names::nameSet));
        v.put("importerOps", fcn(s.importerOps(), Tla::bool));
        v.put("pc", fcn(s.pc(), names::name));
        v.put("mapping", fcn(s.mapping(), names::name));
        v.put("mapped", fcn(s.mapped(), Tla::bool));
        v.put("mapDir", fcn(s.mapDir(), names::name));
        v.put("cached", fcn(s.cached(), names::name));
        v.put("mapValid", fcn(s.mapValid(), Tla::bool));
        v.put("mapReady", fcn(s.mapReady(), Tla::bool));
        v.put("job", fcn(s.job(), Tla::bool));
        v.put("corePin", fcn(s.corePin(), Tla::bool));
        v.put("importerPin", fcn(s.importerPin(), Tla::bool));
        v.put("placement", fcn(s.placement(), names::name));
        v.put("storage", fcn(s.storage(), names::name));
        v.put("moveFence", fcn(s.moveFence(), names::name));
        v.put("moveFrom", fcn(s.moveFrom(), names::name));
        v.put("moveWaits", fcn(s.moveWaits(), names::nameSet));
        v.put("expPc", names.name(s.expPc()));
        v.put("expBuf", names.name(s.expBuf()));
        v.put("walkSnapshot", names.nameSet(s.walkSnapshot()));
        v.put("walkTodo", names.nameSet(s.walkTodo()));
        v.put("lastAccess", Tla.set(s.lastAccess()
                .map(x -> List.of(Tla.seq(List.of(names.name(x.importer()), names.name(x.region())))))
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
            return new AttachState.DeviceAccess(names.nameOf(pair.get(0)), names.nameOf(pair.get(1)));
        });
        return new AttachState(
                nameFcn(v.get("holder"), names::nameOf),
                nameFcn(v.get("attachments"), names::namesOf),
                nameFcn(v.get("importerOps"), Tla::asBool),
                nameFcn(v.get("pc"), names::nameOf),
                nameFcn(v.get("mapping"), names::nameOf),
                nameFcn(v.get("mapped"), Tla::asBool),
                nameFcn(v.get("mapDir"), names::nameOf),
                nameFcn(v.get("cached"), names::nameOf),
                nameFcn(v.get("mapValid"), Tla::asBool),
                nameFcn(v.get("mapReady"), Tla::asBool),
                nameFcn(v.get("job"), Tla::asBool),
                nameFcn(v.get("corePin"), Tla::asBool),
                nameFcn(v.get("importerPin"), Tla::asBool),
                nameFcn(v.get("placement"), names::nameOf),
                nameFcn(v.get("storage"), names::nameOf),
                nameFcn(v.get("moveFence"), names::nameOf),
                nameFcn(v.get("moveFrom"), names::nameOf),
                nameFcn(v.get("moveWaits"), names::namesOf),
                names.nameOf(v.get("expPc")),
                names.nameOf(v.get("expBuf")),
                names.namesOf(v.get("walkSnapshot")),
                names.namesOf(v.get("walkTodo")),
                last);
    }

    private static <V> TlaValue fcn(Map<String, V> m, Function<V, TlaValue> value) {
        return ModelNames.fcn(m, Tla::model, value);
    }

    private static <V> Map<String, V> nameFcn(TlaValue fcn, Function<TlaValue, V> value) {
        return ModelNames.fromFcn(fcn, Tla::asModel, value);
    }
}
