package org.dmabufspec.conformance.relation.ww;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.dmabufspec.conformance.relation.Frozen;
import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/**
 * One state of WwMutex.tla, one field per variable; threads and locks by model-value name.
 *
 * @param pc        where each thread is in its locking loop
 * @param idx       index in LockOrder of the next object to lock
 * @param held      the ww_mutexes each thread holds (ctx->acquired = its size)
 * @param contended the lock that returned -EDEADLK, or the NoLock constant
 * @param stamp     ctx->stamp, 0 = no context
 * @param nextStamp reservation_ww_class.stamp
 */
public record WwMutexState(Map<String, Pc> pc, Map<String, Integer> idx, Map<String, Set<String>> held,
                           Map<String, String> contended, Map<String, Integer> stamp, int nextStamp) {
    public WwMutexState {
        pc = Map.copyOf(pc);
        idx = Map.copyOf(idx);
        held = Frozen.sets(held);
        contended = Map.copyOf(contended);
        stamp = Map.copyOf(stamp);
    }

    WwMutexState withPc(String p, Pc v) {
        return new WwMutexState(put(pc, p, v), idx, held, contended, stamp, nextStamp);
    }

    WwMutexState withIdx(String p, int v) {
        return new WwMutexState(pc, put(idx, p, v), held, contended, stamp, nextStamp);
    }

    WwMutexState withHeld(String p, Set<String> v) {
        return new WwMutexState(pc, idx, put(held, p, v), contended, stamp, nextStamp);
    }

    WwMutexState withContended(String p, String v) {
        return new WwMutexState(pc, idx, held, put(contended, p, v), stamp, nextStamp);
    }

    WwMutexState withStamp(String p, int v, int next) {
        return new WwMutexState(pc, idx, held, contended, put(stamp, p, v), next);
    }

    Map<String, TlaValue> encode() {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        out.put("pc", fcn(pc, v -> Tla.str(v.tla())));
        out.put("idx", fcn(idx, v -> Tla.integer(v)));
        out.put("held", fcn(held, s -> Tla.set(new TreeSet<>(s).stream().map(Tla::model).toList())));
        out.put("contended", fcn(contended, Tla::model));
        out.put("stamp", fcn(stamp, v -> Tla.integer(v)));
        out.put("nextStamp", Tla.integer(nextStamp));
        return out;
    }

    public static WwMutexState decode(Map<String, TlaValue> vars) {
        if (!vars.keySet().equals(Set.of("pc", "idx", "held", "contended", "stamp", "nextStamp"))) {
            throw new IllegalArgumentException("WwMutex variables expected (pc, idx, held, contended, stamp, nextStamp), got "
                    + vars.keySet());
        }
        return new WwMutexState(
                byProc(vars.get("pc"), v -> Pc.parse(Tla.asString(v))),
                byProc(vars.get("idx"), v -> (int) Tla.asLong(v)),
                byProc(vars.get("held"), v -> {
                    Set<String> s = new TreeSet<>();
                    Tla.asSet(v).forEach(l -> s.add(Tla.asModel(l)));
                    return s;
                }),
                byProc(vars.get("contended"), Tla::asModel),
                byProc(vars.get("stamp"), v -> (int) Tla.asLong(v)),
                (int) Tla.asLong(vars.get("nextStamp")));
    }

    private static <V> Map<String, V> byProc(TlaValue f, Function<TlaValue, V> value) {
        Map<String, V> out = new TreeMap<>();
        Tla.asFcn(f).forEach((p, v) -> out.put(Tla.asModel(p), value.apply(v)));
        return out;
    }

    private static <V> TlaValue fcn(Map<String, V> m, Function<V, TlaValue> value) {
        Map<TlaValue, TlaValue> out = new LinkedHashMap<>();
        new TreeMap<>(m).forEach((p, v) -> out.put(Tla.model(p), value.apply(v)));
        return Tla.fcn(out);
    }

    private static <V> Map<String, V> put(Map<String, V> m, String k, V v) {
        Map<String, V> out = new TreeMap<>(m);
        out.put(k, v);
        return out;
    }
}
