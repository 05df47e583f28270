package org.dmabufspec.conformance.relation.fence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MCDmaFence_Ind's IndInit: every state of the bounded domain (lists are DistinctSeqs, errors
 * {0, EDEADLK} \cup Errnos) that satisfies CallbackInv. Per-fence conjuncts of CallbackInv
 * prune each fence's part first, as the module orders its conjuncts for TLC.
 */
public final class IndInit {
    private final DmaFenceSpec spec;
    private final CallbackInv inv;

    public IndInit(DmaFenceSpec spec) {
        this.spec = spec;
        this.inv = new CallbackInv(spec);
    }

    /** One fence's share of the state. */
    private record FencePart(FenceFlags fstate, List<String> added, List<String> cbList, List<String> running,
                             List<String> ran, long ferror, boolean released, boolean forced) {
    }

    public Set<DmaFenceVars> states() {
        FenceConstants k = spec.constants();
        List<List<FencePart>> perFence = new ArrayList<>();
        for (String f : k.fences()) {
            perFence.add(fenceParts(f));
        }
        Set<DmaFenceVars> out = new HashSet<>();
        for (Map<String, FencePart> fences : product(k.fences(), perFence)) {
            for (Map<String, CallbackStatus> cbStatus : product(k.callbacks(), repeat(List.of(CallbackStatus.values()), k.callbacks().size()))) {
                for (Map<String, WaiterStatus> wstate : product(k.waiters(), repeat(List.of(WaiterStatus.values()), k.waiters().size()))) {
                    DmaFenceVars s = assemble(fences, cbStatus, wstate);
                    if (inv.holds(s)) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    private List<FencePart> fenceParts(String f) {
        FenceConstants k = spec.constants();
        List<Long> errors = new ArrayList<>(List.of(0L, DmaFenceSpec.EDEADLK));
        k.errnos().stream().filter(e -> !errors.contains(e)).forEach(errors::add);
        List<List<String>> seqs = k.distinctSeqs();
        List<FencePart> out = new ArrayList<>();
        for (FenceFlags fs : FenceFlags.values()) {
            for (List<String> added : seqs) {
                for (List<String> cbList : seqs) {
                    for (List<String> running : seqs) {
                        for (List<String> ran : seqs) {
                            FencePart p = new FencePart(fs, added, cbList, running, ran, 0, false, false);
                            if (!fenceConjuncts(f, p)) {
                                continue;
                            }
                            for (long e : errors) {
                                for (boolean rel : List.of(false, true)) {
                                    for (boolean forced : List.of(false, true)) {
                                        out.add(new FencePart(fs, added, cbList, running, ran, e, rel, forced));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The per-fence conjuncts of IndInit (OnlyOwnCallbacks, SignalPhases, CallbackListsOrdered) for fence f. */
    private boolean fenceConjuncts(String f, FencePart p) {
        return inv.onlyOwnCallbacks(p.added(), f)
                && CallbackInv.signalPhases(p.fstate(), p.cbList(), p.running(), p.ran())
                && CallbackInv.listsOrdered(p.added(), p.cbList(), p.running(), p.ran());
    }

    private static DmaFenceVars assemble(Map<String, FencePart> fences, Map<String, CallbackStatus> cbStatus,
                                         Map<String, WaiterStatus> wstate) {
        Map<String, FenceFlags> fstate = new HashMap<>();
        Map<String, Long> ferror = new HashMap<>();
        Map<String, List<String>> cbList = new HashMap<>();
        Map<String, List<String>> running = new HashMap<>();
        Map<String, List<String>> added = new HashMap<>();
        Map<String, List<String>> ran = new HashMap<>();
        Map<String, Boolean> released = new HashMap<>();
        Map<String, Boolean> forced = new HashMap<>();
        fences.forEach((f, p) -> {
            fstate.put(f, p.fstate());
            ferror.put(f, p.ferror());
            cbList.put(f, p.cbList());
            running.put(f, p.running());
            added.put(f, p.added());
            ran.put(f, p.ran());
            released.put(f, p.released());
            forced.put(f, p.forced());
        });
        return new DmaFenceVars(fstate, ferror, cbList, running, added, ran, cbStatus, wstate, released, forced);
    }

    private static <T> List<List<T>> repeat(List<T> values, int n) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(values);
        }
        return out;
    }

    /** Every function from keys.get(i) to an element of choices.get(i). */
    private static <T> List<Map<String, T>> product(List<String> keys, List<List<T>> choices) {
        List<Map<String, T>> out = new ArrayList<>();
        out.add(Map.of());
        for (int i = 0; i < keys.size(); i++) {
            List<Map<String, T>> next = new ArrayList<>();
            for (Map<String, T> partial : out) {
                for (T v : choices.get(i)) {
                    Map<String, T> m = new HashMap<>(partial);
                    m.put(keys.get(i), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }
}
