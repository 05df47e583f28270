package org.dmabufspec.conformance.relation.resv;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/** {@link ResvState} to and from the TLA+ values of DmaResv's twelve variables. */
public final class ResvCodec {
    /** DmaResv's VARIABLES. */
    public static final List<String> VARIABLES = List.of("signalled", "holder", "table", "maxFences", "pollCb",
            "pc", "resvOf", "query", "credits", "mustWait", "everAdded", "syncFiles");

    private ResvCodec() {
    }

    public static Map<String, TlaValue> encode(ResvState s) {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        out.put("signalled", fcn(s.signalled(), Tla::bool));
        out.put("holder", fcn(s.holder(), Tla::model));
        out.put("table", fcn(s.table(), t -> Tla.seq(t.stream().map(ResvCodec::entry).toList())));
        out.put("maxFences", fcn(s.maxFences(), ResvCodec::integer));
        out.put("pollCb", fcn(s.pollCb(), cb -> {
            Map<String, TlaValue> fields = new LinkedHashMap<>();
            cb.forEach((d, f) -> fields.put(d, Tla.model(f)));
            return Tla.record(fields);
        }));
        out.put("pc", fcn(s.pc(), Tla::str));
        out.put("resvOf", fcn(s.resvOf(), Tla::model));
        out.put("query", fcn(s.query(), ResvCodec::integer));
        out.put("credits", fcn(s.credits(), ResvCodec::integer));
        out.put("mustWait", fcn(s.mustWait(), ResvCodec::modelSet));
        out.put("everAdded", fcn(s.everAdded(), row -> fcn(row, ResvCodec::integer)));
        out.put("syncFiles", Tla.seq(s.syncFiles().stream().map(ResvCodec::syncFile).toList()));
        return out;
    }

    public static ResvState decode(Map<String, TlaValue> vars) {
        return new ResvState(
                read(vars, "signalled", v -> map(v, Tla::asBool)),
                read(vars, "holder", v -> map(v, Tla::asModel)),
                read(vars, "table", v -> map(v, t -> Tla.asSeq(t).stream().map(ResvCodec::entryOf).toList())),
                read(vars, "maxFences", v -> map(v, ResvCodec::asInt)),
                read(vars, "pollCb", v -> map(v, cb -> {
                    Map<String, String> m = new HashMap<>();
                    Tla.asRecord(cb).forEach((d, f) -> m.put(d, Tla.asModel(f)));
                    return m;
                })),
                read(vars, "pc", v -> map(v, Tla::asString)),
                read(vars, "resvOf", v -> map(v, Tla::asModel)),
                read(vars, "query", v -> map(v, ResvCodec::asInt)),
                read(vars, "credits", v -> map(v, ResvCodec::asInt)),
                read(vars, "mustWait", v -> map(v, ResvCodec::modelsOf)),
                read(vars, "everAdded", v -> map(v, row -> map(row, ResvCodec::asInt))),
                read(vars, "syncFiles", v -> Tla.asSeq(v).stream().map(ResvCodec::syncFileOf).toList()));
    }

    private static <T> T read(Map<String, TlaValue> vars, String name, Function<TlaValue, T> reader) {
        TlaValue v = vars.get(name);
        if (v == null) {
            throw new IllegalArgumentException("DmaResv state has no variable '" + name + "'");
        }
        try {
            return reader.apply(v);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("DmaResv variable '" + name + "': " + e.getMessage(), e);
        }
    }

    private static <V> TlaValue fcn(Map<String, V> m, Function<V, TlaValue> value) {
        Map<TlaValue, TlaValue> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(Tla.model(k), value.apply(v)));
        return Tla.fcn(out);
    }

    /** A function whose domain is model values (resvs, procs, fences). */
    private static <V> Map<String, V> map(TlaValue v, Function<TlaValue, V> value) {
        Map<String, V> out = new HashMap<>();
        Tla.asFcn(v).forEach((k, x) -> out.put(Tla.asModel(k), value.apply(x)));
        return out;
    }

    private static TlaValue integer(int v) {
        return Tla.integer(v);
    }

    private static int asInt(TlaValue v) {
        return Math.toIntExact(Tla.asLong(v));
    }

    private static TlaValue modelSet(Set<String> names) {
        return Tla.set(names.stream().sorted().map(Tla::model).toList());
    }

    private static Set<String> modelsOf(TlaValue v) {
        Set<String> out = new HashSet<>();
        Tla.asSet(v).forEach(x -> out.add(Tla.asModel(x)));
        return out;
    }

    private static TlaValue entry(Entry e) {
        Map<String, TlaValue> fields = new LinkedHashMap<>();
        fields.put("fence", Tla.model(e.fence()));
        fields.put("usage", Tla.integer(e.usage()));
        return Tla.record(fields);
    }

    private static Entry entryOf(TlaValue v) {
        Map<String, TlaValue> r = Tla.asRecord(v);
        return new Entry(Tla.asModel(field(r, "fence")), asInt(field(r, "usage")));
    }

    private static TlaValue syncFile(SyncFile f) {
        Map<String, TlaValue> fields = new LinkedHashMap<>();
        fields.put("resv", Tla.model(f.resv()));
        fields.put("usage", Tla.integer(f.usage()));
        fields.put("fences", modelSet(f.fences()));
        fields.put("known", modelSet(f.known()));
        return Tla.record(fields);
    }

    private static SyncFile syncFileOf(TlaValue v) {
        Map<String, TlaValue> r = Tla.asRecord(v);
        return new SyncFile(Tla.asModel(field(r, "resv")), asInt(field(r, "usage")),
                modelsOf(field(r, "fences")), modelsOf(field(r, "known")));
    }

    private static TlaValue field(Map<String, TlaValue> record, String name) {
        TlaValue v = record.get(name);
        if (v == null) {
            throw new IllegalArgumentException("record has no field '" + name + "'");
        }
        return v;
    }
}
