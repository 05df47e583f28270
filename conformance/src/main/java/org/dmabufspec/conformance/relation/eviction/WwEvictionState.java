package org.dmabufspec.conformance.relation.eviction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.dmabufspec.conformance.relation.Frozen;
import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/**
 * One state of DmaBufWwEviction.tla, one field per variable (importers and buffers by model-value
 * name; pc, call and moveFence as the spec's strings).
 */
public record WwEvictionState(Map<String, String> pc, Map<String, String> call, Map<String, Set<String>> held,
                              Map<String, String> contended, Map<String, Integer> stamp, int nextStamp,
                              Map<String, Boolean> corePin, Map<String, Boolean> importerPin,
                              Map<String, Boolean> mapped, Map<String, Integer> mapGen, Map<String, Boolean> mapValid,
                              Map<String, Integer> gen, Map<String, String> moveFence, int interrupts) {
    static final List<String> VARIABLES = List.of("pc", "call", "held", "contended", "stamp", "nextStamp", "corePin",
            "importerPin", "mapped", "mapGen", "mapValid", "gen", "moveFence", "interrupts");

    public WwEvictionState {
        pc = Map.copyOf(pc);
        call = Map.copyOf(call);
        held = Frozen.sets(held);
        contended = Map.copyOf(contended);
        stamp = Map.copyOf(stamp);
        corePin = Map.copyOf(corePin);
        importerPin = Map.copyOf(importerPin);
        mapped = Map.copyOf(mapped);
        mapGen = Map.copyOf(mapGen);
        mapValid = Map.copyOf(mapValid);
        gen = Map.copyOf(gen);
        moveFence = Map.copyOf(moveFence);
    }

    /** A mutable copy: the actions change a few entries and build the successor. */
    Edit edit() {
        return new Edit(this);
    }

    static final class Edit {
        final Map<String, String> pc;
        final Map<String, String> call;
        final Map<String, Set<String>> held;
        final Map<String, String> contended;
        final Map<String, Integer> stamp;
        int nextStamp;
        final Map<String, Boolean> corePin;
        final Map<String, Boolean> importerPin;
        final Map<String, Boolean> mapped;
        final Map<String, Integer> mapGen;
        final Map<String, Boolean> mapValid;
        final Map<String, Integer> gen;
        final Map<String, String> moveFence;
        int interrupts;

        private Edit(WwEvictionState s) {
            pc = new TreeMap<>(s.pc);
            call = new TreeMap<>(s.call);
            held = new TreeMap<>(s.held);
            contended = new TreeMap<>(s.contended);
            stamp = new TreeMap<>(s.stamp);
            nextStamp = s.nextStamp;
            corePin = new TreeMap<>(s.corePin);
            importerPin = new TreeMap<>(s.importerPin);
            mapped = new TreeMap<>(s.mapped);
            mapGen = new TreeMap<>(s.mapGen);
            mapValid = new TreeMap<>(s.mapValid);
            gen = new TreeMap<>(s.gen);
            moveFence = new TreeMap<>(s.moveFence);
            interrupts = s.interrupts;
        }

        Edit pc(String a, String v) {
            pc.put(a, v);
            return this;
        }

        Edit call(String a, String v) {
            call.put(a, v);
            return this;
        }

        Edit held(String a, Set<String> v) {
            held.put(a, new TreeSet<>(v));
            return this;
        }

        WwEvictionState build() {
            return new WwEvictionState(pc, call, held, contended, stamp, nextStamp, corePin, importerPin, mapped, mapGen,
                    mapValid, gen, moveFence, interrupts);
        }
    }

    Map<String, TlaValue> encode() {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        out.put("pc", fcn(pc, Tla::str));
        out.put("call", fcn(call, Tla::str));
        out.put("held", fcn(held, s -> Tla.set(new TreeSet<>(s).stream().map(Tla::model).toList())));
        out.put("contended", fcn(contended, Tla::model));
        out.put("stamp", fcn(stamp, v -> Tla.integer(v)));
        out.put("nextStamp", Tla.integer(nextStamp));
        out.put("corePin", fcn(corePin, Tla::bool));
        out.put("importerPin", fcn(importerPin, Tla::bool));
        out.put("mapped", fcn(mapped, Tla::bool));
        out.put("mapGen", fcn(mapGen, v -> Tla.integer(v)));
        out.put("mapValid", fcn(mapValid, Tla::bool));
        out.put("gen", fcn(gen, v -> Tla.integer(v)));
        out.put("moveFence", fcn(moveFence, Tla::str));
        out.put("interrupts", Tla.integer(interrupts));
        return out;
    }

    public static WwEvictionState decode(Map<String, TlaValue> vars) {
        if (!vars.keySet().equals(Set.copyOf(VARIABLES))) {
            throw new IllegalArgumentException("DmaBufWwEviction variables expected " + VARIABLES + ", got " + vars.keySet());
        }
        return new WwEvictionState(
                byName(vars.get("pc"), Tla::asString),
                byName(vars.get("call"), Tla::asString),
                byName(vars.get("held"), v -> {
                    Set<String> s = new TreeSet<>();
                    Tla.asSet(v).forEach(b -> s.add(Tla.asModel(b)));
                    return s;
                }),
                byName(vars.get("contended"), Tla::asModel),
                byName(vars.get("stamp"), v -> (int) Tla.asLong(v)),
                (int) Tla.asLong(vars.get("nextStamp")),
                byName(vars.get("corePin"), Tla::asBool),
                byName(vars.get("importerPin"), Tla::asBool),
                byName(vars.get("mapped"), Tla::asBool),
                byName(vars.get("mapGen"), v -> (int) Tla.asLong(v)),
                byName(vars.get("mapValid"), Tla::asBool),
                byName(vars.get("gen"), v -> (int) Tla.asLong(v)),
                byName(vars.get("moveFence"), Tla::asString),
                (int) Tla.asLong(vars.get("interrupts")));
    }

    private static <V> Map<String, V> byName(TlaValue f, Function<TlaValue, V> value) {
        Map<String, V> out = new TreeMap<>();
        Tla.asFcn(f).forEach((k, v) -> out.put(Tla.asModel(k), value.apply(v)));
        return out;
    }

    private static <V> TlaValue fcn(Map<String, V> m, Function<V, TlaValue> value) {
        Map<TlaValue, TlaValue> out = new LinkedHashMap<>();
        new TreeMap<>(m).forEach((k, v) -> out.put(Tla.model(k), value.apply(v)));
        return Tla.fcn(out);
    }
}
