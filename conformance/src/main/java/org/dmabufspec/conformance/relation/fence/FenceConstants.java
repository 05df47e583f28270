package org.dmabufspec.conformance.relation.fence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/**
 * The CONSTANTS of DmaFence.tla as TLC evaluated them in one model. Fences, callbacks and
 * waiters are model values, kept by name.
 */
public record FenceConstants(List<String> fences, Map<String, TlaValue> fenceContext, Map<String, Long> fenceSeqno,
                             List<String> callbacks, Map<String, String> callbackFence, List<String> waiters,
                             Map<String, String> waiterFence, Map<String, WaitTimeout> waiterTimeout,
                             List<Long> errnos) {

    /** The constant expressions to ask TLC for, in the model's own context. */
    public static final List<String> NAMES = List.of("Fences", "FenceContext", "FenceSeqno", "Callbacks",
            "CallbackFence", "Waiters", "WaiterFence", "WaiterTimeout", "Errnos");

    public FenceConstants {
        fences = List.copyOf(fences);
        fenceContext = Map.copyOf(fenceContext);
        fenceSeqno = Map.copyOf(fenceSeqno);
        callbacks = List.copyOf(callbacks);
        callbackFence = Map.copyOf(callbackFence);
        waiters = List.copyOf(waiters);
        waiterFence = Map.copyOf(waiterFence);
        waiterTimeout = Map.copyOf(waiterTimeout);
        errnos = List.copyOf(errnos);
        for (String c : callbacks) {
            require(callbackFence.containsKey(c), "CallbackFence has no entry for callback " + c);
            require(fences.contains(callbackFence.get(c)), "CallbackFence[" + c + "] is not in Fences");
        }
        for (String w : waiters) {
            require(waiterFence.containsKey(w), "WaiterFence has no entry for waiter " + w);
            require(fences.contains(waiterFence.get(w)), "WaiterFence[" + w + "] is not in Fences");
            require(waiterTimeout.containsKey(w), "WaiterTimeout has no entry for waiter " + w);
        }
        for (String f : fences) {
            require(fenceContext.containsKey(f), "FenceContext has no entry for fence " + f);
            require(fenceSeqno.containsKey(f), "FenceSeqno has no entry for fence " + f);
        }
    }

    /** From the values TLC printed for {@link #NAMES}. */
    public static FenceConstants of(Map<String, TlaValue> printed) {
        return new FenceConstants(
                names(printed, "Fences"),
                function(printed, "FenceContext", v -> v),
                function(printed, "FenceSeqno", Tla::asLong),
                names(printed, "Callbacks"),
                function(printed, "CallbackFence", Tla::asModel),
                names(printed, "Waiters"),
                function(printed, "WaiterFence", Tla::asModel),
                function(printed, "WaiterTimeout", v -> WaitTimeout.of(Tla.asString(v))),
                get(printed, "Errnos", v -> Tla.asSet(v).stream().map(Tla::asLong).sorted().toList()));
    }

    private static List<String> names(Map<String, TlaValue> printed, String name) {
        return get(printed, name, v -> Tla.asSet(v).stream().map(Tla::asModel).sorted().toList());
    }

    private static <V> Map<String, V> function(Map<String, TlaValue> printed, String name, Function<TlaValue, V> value) {
        return get(printed, name, v -> {
            Map<String, V> out = new LinkedHashMap<>();
            Tla.asFcn(v).forEach((k, x) -> out.put(Tla.asModel(k), value.apply(x)));
            return out;
        });
    }

    private static <T> T get(Map<String, TlaValue> printed, String name, Function<TlaValue, T> read) {
        TlaValue v = printed.get(name);
        if (v == null) {
            throw new IllegalArgumentException("DmaFence constant " + name + " was not printed by TLC");
        }
        try {
            return read.apply(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("DmaFence constant " + name + " = " + v.toTla() + ": " + e.getMessage(), e);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Sequences of distinct callbacks of length 0..|Callbacks| (MCDmaFence_Ind's DistinctSeqs). */
    public List<List<String>> distinctSeqs() {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of());
        for (int i = 0; i < out.size(); i++) {
            List<String> s = out.get(i);
            for (String c : callbacks) {
                if (!s.contains(c)) {
                    List<String> t = new ArrayList<>(s);
                    t.add(c);
                    out.add(List.copyOf(t));
                }
            }
        }
        return out;
    }
}
