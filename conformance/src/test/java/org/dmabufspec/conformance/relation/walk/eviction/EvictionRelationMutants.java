package org.dmabufspec.conformance.relation.walk.eviction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;

import org.dmabufspec.conformance.relation.Mutant;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.eviction.WwEvictionConstants;
import org.dmabufspec.conformance.relation.eviction.WwEvictionRelation;
import org.dmabufspec.conformance.relation.eviction.WwEvictionState;

/**
 * Wrong copies of DmaBufWwEviction, one per expected-violation model of specs/models.yaml that
 * breaks a safety invariant or action property, each replacing the action its MC module replaces,
 * with that invariant in Java.
 */
final class EvictionRelationMutants {
    private static final WwEvictionConstants C = EvictionWalk.constants();

    private EvictionRelationMutants() {
    }

    /** A mutant, the rule a trace of its violation breaks, and the property it breaks (on a step: before, after). */
    record Named(String name, String rule, String property, SpecRelation<WwEvictionState> relation,
                 BiPredicate<WwEvictionState, WwEvictionState> broken) {
    }

    static List<Named> all() {
        WwEvictionRelation spec = new WwEvictionRelation(C);
        return List.of(
                new Named("EvictPinned", "R7", "PinnedBufferNotMoved", replacing(spec, "TtmEvict", EvictionRelationMutants::evictIgnoringPins),
                        (s, t) -> C.buffers().stream().anyMatch(b -> !s.gen().get(b).equals(t.gen().get(b)) && pinned(s, b))),
                new Named("TicketLockIgnoresOwner", "ORDER", "MutualExclusion", // the checker's rule for a lock taken while another thread holds it
                        replacing(spec, Set.of("TtmTicketLock"), EvictionRelationMutants::ticketLockIgnoringOwner),
                        (s, t) -> !mutualExclusion(t)),
                new Named("EvictIgnoresEdeadlk", "R2", "MoveUnderVictimLock",
                        adding(spec, a -> s -> evictDespiteEdeadlk(spec, s, a)),
                        (s, t) -> C.buffers().stream().anyMatch(b -> !s.gen().get(b).equals(t.gen().get(b))
                                && C.importers().stream().noneMatch(a -> C.victim().get(a).equals(b) && s.held().get(a).contains(b)
                                        && s.pc().get(a).equals("evict_locked")))),
                new Named("RetrySkipsRelock", "R3", "CallUnderLock", replacing(spec, "DmaResvLockSlow", a -> s -> slow(spec, s, a, false)),
                        (s, t) -> C.importers().stream().anyMatch(a -> !t.call().get(a).equals("none")
                                && !t.held().get(a).contains(C.importerBuf().get(a)))),
                new Named("SlowWhileHolding", "F18", "BackoffDiscipline", replacing(spec, "DmaResvLockSlow", a -> s -> slow(spec, s, a, true)),
                        (s, t) -> !backoffDiscipline(t)),
                new Named("StaticMapSkipsWait", "R6", "StaticMapWaitedKernelFences", replacing(spec, "MapDmaBuf",
                        a -> s -> mapWithoutWait(s, a)),
                        (s, t) -> C.staticImporters().stream().anyMatch(a -> t.mapped().get(a) && !t.pc().get(a).equals("fence_wait")
                                && t.moveFence().get(C.importerBuf().get(a)).equals("pending"))),
                new Named("RestartsysLeaksPin", "R9", "NoLeakedPin", replacing(spec, "DmaResvWaitInterrupted",
                        a -> s -> interruptedKeepsPin(s, a)),
                        (s, t) -> C.importers().stream().anyMatch(a -> t.corePin().get(a) && !t.mapped().get(a) && !inMapBeforeTable(t, a))));
    }

    // ---- the relation with one importer action replaced or added

    private static SpecRelation<WwEvictionState> replacing(WwEvictionRelation spec, String action,
                                                           Function<String, Function<WwEvictionState, List<Transition<WwEvictionState>>>> bug) {
        return replacing(spec, Set.of(action), bug);
    }

    private static SpecRelation<WwEvictionState> replacing(WwEvictionRelation spec, Set<String> actions,
                                                           Function<String, Function<WwEvictionState, List<Transition<WwEvictionState>>>> bug) {
        return Mutant.replacing(spec, s -> {
            List<Transition<WwEvictionState>> out = new ArrayList<>();
            for (Transition<WwEvictionState> t : spec.next(s)) {
                if (!actions.contains(t.action())) {
                    out.add(t);
                }
            }
            for (String a : C.importerList()) {
                out.addAll(bug.apply(a).apply(s));
            }
            return out;
        });
    }

    private static SpecRelation<WwEvictionState> adding(WwEvictionRelation spec,
                                                        Function<String, Function<WwEvictionState, List<Transition<WwEvictionState>>>> bug) {
        return Mutant.adding(spec, s -> {
            List<Transition<WwEvictionState>> out = new ArrayList<>();
            for (String a : C.importerList()) {
                out.addAll(bug.apply(a).apply(s));
            }
            return out;
        });
    }

    // ---- the wrong actions (the MC modules' replacements)

    /** MCDmaBufWwEviction_EvictPinned: the eviction moves the victim even when pinned (R7). */
    private static Function<WwEvictionState, List<Transition<WwEvictionState>>> evictIgnoringPins(String a) {
        return s -> {
            String v = C.victim().get(a);
            if (!s.pc().get(a).equals("evict_locked") || !s.held().get(a).contains(v)) {
                return List.of();
            }
            return List.of(new Transition<>("TtmEvict", moved(s, a, v, true).pc(a, "placed").build()));
        };
    }

    /** MCDmaBufWwEviction_TicketLockIgnoresOwner: the ticket lock takes the victim whoever holds it. */
    private static Function<WwEvictionState, List<Transition<WwEvictionState>>> ticketLockIgnoringOwner(String a) {
        return s -> {
            if (!s.pc().get(a).equals("evict")) {
                return List.of();
            }
            return List.of(new Transition<>("TtmTicketLock", new S(s).held(a, C.victim().get(a)).pc(a, "evict_locked").build()));
        };
    }

    /** MCDmaBufWwEviction_EvictIgnoresEdeadlk: the eviction goes on after its ticket lock died, without the victim's lock (R2). */
    private static List<Transition<WwEvictionState>> evictDespiteEdeadlk(WwEvictionRelation spec, WwEvictionState s, String a) {
        String v = C.victim().get(a);
        boolean dies = spec.next(s).stream().anyMatch(t -> t.action().equals("TtmTicketLockDie")
                && t.successor().pc().get(a).equals("unwind") && s.pc().get(a).equals("evict_blocked"));
        if (!dies || pinned(s, v)) {
            return List.of();
        }
        return List.of(new Transition<>("EvictDespiteEdeadlk", moved(s, a, v, true).pc(a, "placed").build()));
    }

    /** dma_resv_lock_slow that goes straight to the call (RetrySkipsRelock) or keeps the locks held (SlowWhileHolding). */
    private static List<Transition<WwEvictionState>> slow(WwEvictionRelation spec, WwEvictionState s, String a, boolean keepHeld) {
        String pc = s.pc().get(a);
        boolean may = keepHeld ? pc.equals("backoff") || pc.equals("slow") : (pc.equals("backoff") && s.held().get(a).isEmpty()) || pc.equals("slow");
        if (!may) {
            return List.of();
        }
        String l = s.contended().get(a);
        if (mayTake(s, a, l)) {
            S e = new S(s);
            if (!keepHeld) {
                e.held.put(a, new TreeSet<>());
            }
            e.held(a, l);
            e.contended.put(a, C.noLock());
            return List.of(new Transition<>("DmaResvLockSlow", e.pc(a, keepHeld ? "lock" : "call").build()));
        }
        return pc.equals("backoff") ? List.of(new Transition<>("DmaResvLockSlow", new S(s).pc(a, "slow").build())) : List.of();
    }

    /** MCDmaBufWwEviction_StaticMapSkipsWait: the static importer's map returns its table without the KERNEL-fence wait (R6). */
    private static List<Transition<WwEvictionState>> mapWithoutWait(WwEvictionState s, String a) {
        if (!s.pc().get(a).equals("placed") || !s.call().get(a).equals("map")) {
            return List.of();
        }
        S e = new S(s).pc(a, "unlock");
        e.call.put(a, "none");
        e.mapped.put(a, true);
        e.mapGen.put(a, s.gen().get(C.importerBuf().get(a)));
        e.mapValid.put(a, true);
        return List.of(new Transition<>(C.staticImporters().contains(a) ? "MapWithoutWait" : "MapDmaBuf", e.build()));
    }

    /** MCDmaBufWwEviction_RestartsysLeaksPin: -ERESTARTSYS unmaps but keeps dma_buf_pin_on_map's pin (R9). */
    private static List<Transition<WwEvictionState>> interruptedKeepsPin(WwEvictionState s, String a) {
        if (!s.pc().get(a).equals("fence_wait") || s.interrupts() >= C.maxInterrupts()) {
            return List.of();
        }
        S e = new S(s).pc(a, "intr_unlock");
        e.call.put(a, "none");
        e.interrupts++;
        e.mapped.put(a, false);
        e.mapValid.put(a, false);
        return List.of(new Transition<>("InterruptedKeepsPin", e.build()));
    }

    // ---- the spec's operators and invariants

    private static S moved(WwEvictionState s, String a, String v, boolean notify) {
        S e = new S(s);
        e.gen.put(v, s.gen().get(v) + 1);
        e.moveFence.put(v, "pending");
        if (notify) {
            for (String d : C.importers()) {
                if (C.importerBuf().get(d).equals(v) && !C.staticImporters().contains(d)) {
                    e.mapValid.put(d, false);
                }
            }
        }
        return e;
    }

    static boolean pinned(WwEvictionState s, String b) {
        return C.importers().stream().anyMatch(d -> C.importerBuf().get(d).equals(b) && (s.corePin().get(d) || s.importerPin().get(d)));
    }

    static boolean mutualExclusion(WwEvictionState s) {
        for (String a : C.importers()) {
            for (String b : C.importers()) {
                if (!a.equals(b) && s.held().get(a).stream().anyMatch(s.held().get(b)::contains)) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean backoffDiscipline(WwEvictionState s) {
        return C.importers().stream().allMatch(a -> (!s.pc().get(a).equals("slow") || s.held().get(a).isEmpty())
                && (!s.contended().get(a).equals(C.noLock()) == Set.of("unwind", "backoff", "slow").contains(s.pc().get(a))));
    }

    static boolean inMapBeforeTable(WwEvictionState s, String a) {
        return s.call().get(a).equals("map") && Set.of("evict", "evict_blocked", "evict_locked", "placed", "unwind").contains(s.pc().get(a));
    }

    private static boolean waiting(WwEvictionState s, String q, String l) {
        String pc = s.pc().get(q);
        return (pc.equals("blocked") && C.importerBuf().get(q).equals(l)) || (pc.equals("evict_blocked") && C.victim().get(q).equals(l))
                || (pc.equals("slow") && s.contended().get(q).equals(l));
    }

    private static boolean mayTake(WwEvictionState s, String p, String l) {
        boolean free = s.held().values().stream().noneMatch(h -> h.contains(l));
        return free && C.importers().stream().filter(q -> !q.equals(p))
                .allMatch(q -> !waiting(s, q, l) || s.stamp().get(q) >= s.stamp().get(p));
    }

    /** A mutable copy of a state. */
    private static final class S {
        final Map<String, String> pc;
        final Map<String, String> call;
        final Map<String, Set<String>> held = new HashMap<>();
        final Map<String, String> contended;
        final Map<String, Boolean> corePin;
        final Map<String, Boolean> mapped;
        final Map<String, Integer> mapGen;
        final Map<String, Boolean> mapValid;
        final Map<String, Integer> gen;
        final Map<String, String> moveFence;
        final WwEvictionState s;
        int interrupts;

        S(WwEvictionState s) {
            this.s = s;
            pc = new HashMap<>(s.pc());
            call = new HashMap<>(s.call());
            s.held().forEach((k, v) -> held.put(k, new TreeSet<>(v)));
            contended = new HashMap<>(s.contended());
            corePin = new HashMap<>(s.corePin());
            mapped = new HashMap<>(s.mapped());
            mapGen = new HashMap<>(s.mapGen());
            mapValid = new HashMap<>(s.mapValid());
            gen = new HashMap<>(s.gen());
            moveFence = new HashMap<>(s.moveFence());
            interrupts = s.interrupts();
        }

        S pc(String a, String v) {
            pc.put(a, v);
            return this;
        }

        S held(String a, String b) {
            held.get(a).add(b);
            return this;
        }

        WwEvictionState build() {
            return new WwEvictionState(pc, call, held, contended, s.stamp(), s.nextStamp(), corePin, s.importerPin(), mapped, mapGen,
                    mapValid, gen, moveFence, interrupts);
        }
    }
}
