package org.dmabufspec.conformance.relation.fence;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.dmabufspec.conformance.relation.Frozen;
import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/**
 * The VARIABLES of DmaFence.tla, one field each; fences, callbacks and waiters by model-value
 * name. Immutable: the {@code with} methods return a copy with one function point changed,
 * as {@code [x EXCEPT ![k] = v]} does.
 */
public record DmaFenceVars(Map<String, FenceFlags> fstate, Map<String, Long> ferror,
                           Map<String, List<String>> cbList, Map<String, List<String>> running,
                           Map<String, List<String>> added, Map<String, List<String>> ran,
                           Map<String, CallbackStatus> cbStatus, Map<String, WaiterStatus> wstate,
                           Map<String, Boolean> released, Map<String, Boolean> forced) {

    /** The variable names, as in the spec. */
    public static final List<String> NAMES = List.of("fstate", "ferror", "cbList", "running", "added", "ran",
            "cbStatus", "wstate", "released", "forced");

    public DmaFenceVars {
        fstate = Map.copyOf(fstate);
        ferror = Map.copyOf(ferror);
        cbList = Frozen.lists(cbList);
        running = Frozen.lists(running);
        added = Frozen.lists(added);
        ran = Frozen.lists(ran);
        cbStatus = Map.copyOf(cbStatus);
        wstate = Map.copyOf(wstate);
        released = Map.copyOf(released);
        forced = Map.copyOf(forced);
    }


    static <V> Map<String, V> except(Map<String, V> m, String k, V v) {
        Map<String, V> out = new HashMap<>(m);
        out.put(k, v);
        return out;
    }

    DmaFenceVars withFstate(String f, FenceFlags v) {
        return new DmaFenceVars(except(fstate, f, v), ferror, cbList, running, added, ran, cbStatus, wstate, released, forced);
    }

    DmaFenceVars withFerror(String f, long v) {
        return new DmaFenceVars(fstate, except(ferror, f, v), cbList, running, added, ran, cbStatus, wstate, released, forced);
    }

    DmaFenceVars withCbList(String f, List<String> v) {
        return new DmaFenceVars(fstate, ferror, except(cbList, f, v), running, added, ran, cbStatus, wstate, released, forced);
    }

    DmaFenceVars withRunning(String f, List<String> v) {
        return new DmaFenceVars(fstate, ferror, cbList, except(running, f, v), added, ran, cbStatus, wstate, released, forced);
    }

    DmaFenceVars withAdded(String f, List<String> v) {
        return new DmaFenceVars(fstate, ferror, cbList, running, except(added, f, v), ran, cbStatus, wstate, released, forced);
    }

    DmaFenceVars withRan(String f, List<String> v) {
        return new DmaFenceVars(fstate, ferror, cbList, running, added, except(ran, f, v), cbStatus, wstate, released, forced);
    }

    DmaFenceVars withCbStatus(String c, CallbackStatus v) {
        return new DmaFenceVars(fstate, ferror, cbList, running, added, ran, except(cbStatus, c, v), wstate, released, forced);
    }

    DmaFenceVars withWstate(String w, WaiterStatus v) {
        return new DmaFenceVars(fstate, ferror, cbList, running, added, ran, cbStatus, except(wstate, w, v), released, forced);
    }

    DmaFenceVars withReleased(String f, boolean v) {
        return new DmaFenceVars(fstate, ferror, cbList, running, added, ran, cbStatus, wstate, except(released, f, v), forced);
    }

    DmaFenceVars withForced(String f, boolean v) {
        return new DmaFenceVars(fstate, ferror, cbList, running, added, ran, cbStatus, wstate, released, except(forced, f, v));
    }

    /** The variables as TLA+ values (functions keyed by model values). */
    public Map<String, TlaValue> encode() {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        out.put("fstate", fcn(fstate, v -> Tla.str(v.tla())));
        out.put("ferror", fcn(ferror, Tla::integer));
        out.put("cbList", fcn(cbList, DmaFenceVars::seq));
        out.put("running", fcn(running, DmaFenceVars::seq));
        out.put("added", fcn(added, DmaFenceVars::seq));
        out.put("ran", fcn(ran, DmaFenceVars::seq));
        out.put("cbStatus", fcn(cbStatus, v -> Tla.str(v.tla())));
        out.put("wstate", fcn(wstate, v -> Tla.str(v.tla())));
        out.put("released", fcn(released, Tla::bool));
        out.put("forced", fcn(forced, Tla::bool));
        return out;
    }

    /** The inverse of {@link #encode}; a bad value names its variable. */
    public static DmaFenceVars decode(Map<String, TlaValue> vars) {
        return new DmaFenceVars(
                read(vars, "fstate", v -> FenceFlags.of(Tla.asString(v))),
                read(vars, "ferror", Tla::asLong),
                read(vars, "cbList", DmaFenceVars::names),
                read(vars, "running", DmaFenceVars::names),
                read(vars, "added", DmaFenceVars::names),
                read(vars, "ran", DmaFenceVars::names),
                read(vars, "cbStatus", v -> CallbackStatus.of(Tla.asString(v))),
                read(vars, "wstate", v -> WaiterStatus.of(Tla.asString(v))),
                read(vars, "released", Tla::asBool),
                read(vars, "forced", Tla::asBool));
    }

    private static TlaValue seq(List<String> names) {
        return Tla.seq(names.stream().map(Tla::model).toList());
    }

    private static List<String> names(TlaValue v) {
        return Tla.asSeq(v).stream().map(Tla::asModel).toList();
    }

    private static <V> TlaValue fcn(Map<String, V> m, Function<V, TlaValue> value) {
        Map<TlaValue, TlaValue> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(Tla.model(e.getKey()), value.apply(e.getValue())));
        return Tla.fcn(out);
    }

    private static <V> Map<String, V> read(Map<String, TlaValue> vars, String name, Function<TlaValue, V> value) {
        TlaValue v = vars.get(name);
        if (v == null) {
            throw new IllegalArgumentException("DmaFence state has no variable " + name);
        }
        try {
            Map<String, V> out = new HashMap<>();
            Tla.asFcn(v).forEach((k, x) -> out.put(Tla.asModel(k), value.apply(x)));
            return out;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("DmaFence variable " + name + " = " + v.toTla() + ": " + e.getMessage(), e);
        }
    }
}
