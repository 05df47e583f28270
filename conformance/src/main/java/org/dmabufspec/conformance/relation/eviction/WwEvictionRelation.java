package org.dmabufspec.conformance.relation.eviction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.Frozen;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaBufWwEviction.tla's Next in Java: importers whose dma_buf_pin/dma_buf_map_attachment evict
 * another buffer under their ww ticket (F18 wait-die, R3, R6, R7, R9). One method per action, each
 * returning the successors its guard allows; TLC labels a step with the action inside
 * ImporterNext, or DmaFenceSignalMove, or Terminated. Wait-die is WwMutex's MustDie/MayTake read
 * through the module's mapping: an importer waits for its own buffer in "blocked", for the victim
 * in "evict_blocked", for the contended lock in "slow".
 */
public final class WwEvictionRelation implements SpecRelation<WwEvictionState> {
    private final WwEvictionConstants c;

    public WwEvictionRelation(WwEvictionConstants constants) {
        this.c = constants;
    }

    @Override
    public Optional<Set<WwEvictionState>> initialStates() {
        return Optional.of(Set.of(init()));
    }

    WwEvictionState init() {
        Map<String, String> pc = new HashMap<>();
        Map<String, String> call = new HashMap<>();
        Map<String, Set<String>> held = new HashMap<>();
        Map<String, String> contended = new HashMap<>();
        Map<String, Integer> zero = new HashMap<>();
        Map<String, Boolean> no = new HashMap<>();
        for (String a : c.importers()) {
            pc.put(a, "init");
            call.put(a, "none");
            held.put(a, Set.of());
            contended.put(a, c.noLock());
            zero.put(a, 0);
            no.put(a, false);
        }
        Map<String, Integer> gen = new HashMap<>();
        Map<String, String> fence = new HashMap<>();
        for (String b : c.buffers()) {
            gen.put(b, 0);
            fence.put(b, "none");
        }
        return new WwEvictionState(pc, call, held, contended, zero, 1, no, no, no, zero, no, gen, fence, 0);
    }

    @Override
    public List<Transition<WwEvictionState>> next(WwEvictionState s) {
        List<Transition<WwEvictionState>> out = new ArrayList<>();
        for (String a : c.importerList()) {
            add(out, "WwAcquireInit", wwAcquireInit(s, a));
            add(out, "DmaResvLock", dmaResvLock(s, a));
            add(out, "DmaResvLockWake", dmaResvLockWake(s, a));
            add(out, "DmaResvLockDie", dmaResvLockDie(s, a));
            add(out, "DmaBufPin", dmaBufPin(s, a));
            add(out, "DmaBufMapAttachment", dmaBufMapAttachment(s, a));
            add(out, "TtmTicketLock", ttmTicketLock(s, a));
            add(out, "TtmTicketLockWake", ttmTicketLockWake(s, a));
            add(out, "TtmTicketLockDie", ttmTicketLockDie(s, a));
            add(out, "DmaBufCallEdeadlk", dmaBufCallEdeadlk(s, a));
            add(out, "TtmEvict", ttmEvict(s, a));
            add(out, "DmaBufPinReturns", dmaBufPinReturns(s, a));
            add(out, "MapDmaBuf", mapDmaBuf(s, a));
            add(out, "DmaBufMapAttachmentPinned", dmaBufMapAttachmentPinned(s, a));
            add(out, "DmaResvWaitKernel", dmaResvWaitKernel(s, a));
            add(out, "DmaResvWaitInterrupted", dmaResvWaitInterrupted(s, a));
            unlockOne(s, a, Set.of("backoff")).forEach(t -> out.add(new Transition<>("DmaResvUnlockBackoff", t)));
            add(out, "DmaResvLockSlow", dmaResvLockSlow(s, a));
            unlockOne(s, a, Set.of("unlock", "intr_unlock")).forEach(t -> out.add(new Transition<>("DmaResvUnlock", t)));
            add(out, "WwAcquireFini", wwAcquireFini(s, a));
        }
        for (String b : c.bufferList()) {
            if (s.moveFence().get(b).equals("pending")) {
                WwEvictionState.Edit e = s.edit();
                e.moveFence.put(b, "signalled");
                out.add(new Transition<>("DmaFenceSignalMove", e.build()));
            }
        }
        if (c.importers().stream().allMatch(a -> s.pc().get(a).equals("done"))
                && c.buffers().stream().noneMatch(b -> s.moveFence().get(b).equals("pending"))) {
            out.add(new Transition<>("Terminated", s));
        }
        return out;
    }

    private static void add(List<Transition<WwEvictionState>> out, String action, Optional<WwEvictionState> t) {
        t.ifPresent(v -> out.add(new Transition<>(action, v)));
    }

    @Override
    public Map<String, TlaValue> encode(WwEvictionState s) {
        return s.encode();
    }

    @Override
    public WwEvictionState decode(Map<String, TlaValue> variables) {
        return WwEvictionState.decode(variables);
    }

    // ---- operators

    private String buf(String a) {
        return c.importerBuf().get(a);
    }

    private String vic(String a) {
        return c.victim().get(a);
    }

    private static boolean is(WwEvictionState s, String a, String pc) {
        return s.pc().get(a).equals(pc);
    }

    boolean free(WwEvictionState s, String b) {
        return s.held().values().stream().noneMatch(h -> h.contains(b));
    }

    /** Pinned(b): some importer of b holds a core pin or its own dma_buf_pin. */
    boolean pinned(WwEvictionState s, String b) {
        return c.importers().stream().anyMatch(d -> buf(d).equals(b) && (s.corePin().get(d) || s.importerPin().get(d)));
    }

    /** Ww!Waiting(q, l) through the mapping. */
    boolean waiting(WwEvictionState s, String q, String l) {
        return (is(s, q, "blocked") && buf(q).equals(l))
                || (is(s, q, "evict_blocked") && vic(q).equals(l))
                || (is(s, q, "slow") && s.contended().get(q).equals(l));
    }

    private static boolean older(WwEvictionState s, String q, String p) {
        return s.stamp().get(q) < s.stamp().get(p);
    }

    /** Ww!MustDie(p, l): wait-die's __ww_mutex_check_kill. */
    boolean mustDie(WwEvictionState s, String p, String l) {
        return !s.held().get(p).isEmpty()
                && c.importers().stream().filter(q -> !q.equals(p))
                        .anyMatch(q -> older(s, q, p) && (s.held().get(q).contains(l) || waiting(s, q, l)));
    }

    /** Ww!MayTake(p, l): l is free and no older context waits for it. */
    boolean mayTake(WwEvictionState s, String p, String l) {
        return free(s, l) && c.importers().stream().filter(q -> !q.equals(p))
                .allMatch(q -> !waiting(s, q, l) || !older(s, q, p));
    }

    // ---- actions

    Optional<WwEvictionState> wwAcquireInit(WwEvictionState s, String a) {
        if (!is(s, a, "init")) {
            return Optional.empty();
        }
        WwEvictionState.Edit e = s.edit().pc(a, "lock");
        e.stamp.put(a, s.nextStamp());
        e.nextStamp = s.nextStamp() + 1;
        return Optional.of(e.build());
    }

    Optional<WwEvictionState> dmaResvLock(WwEvictionState s, String a) {
        if (!is(s, a, "lock")) {
            return Optional.empty();
        }
        if (s.held().get(a).contains(buf(a)) || free(s, buf(a))) {
            return Optional.of(s.edit().held(a, Frozen.plus(s.held().get(a), buf(a))).pc(a, "call").build());
        }
        return Optional.of(s.edit().pc(a, "blocked").build());
    }

    Optional<WwEvictionState> dmaResvLockWake(WwEvictionState s, String a) {
        if (!is(s, a, "blocked") || !mayTake(s, a, buf(a))) {
            return Optional.empty();
        }
        return Optional.of(s.edit().held(a, Frozen.plus(s.held().get(a), buf(a))).pc(a, "call").build());
    }

    Optional<WwEvictionState> dmaResvLockDie(WwEvictionState s, String a) {
        if (!is(s, a, "blocked") || !mustDie(s, a, buf(a))) {
            return Optional.empty();
        }
        WwEvictionState.Edit e = s.edit().pc(a, "backoff");
        e.contended.put(a, buf(a));
        return Optional.of(e.build());
    }

    Optional<WwEvictionState> dmaBufPin(WwEvictionState s, String a) {
        if (!is(s, a, "call") || !c.pinImporters().contains(a) || s.importerPin().get(a)) {
            return Optional.empty();
        }
        return Optional.of(s.edit().call(a, "pin").pc(a, "evict").build());
    }

    Optional<WwEvictionState> dmaBufMapAttachment(WwEvictionState s, String a) {
        if (!is(s, a, "call") || !(!c.pinImporters().contains(a) || s.importerPin().get(a)) || s.mapped().get(a)) {
            return Optional.empty();
        }
        WwEvictionState.Edit e = s.edit().call(a, "map").pc(a, "evict");
        e.corePin.put(a, c.staticImporters().contains(a));
        return Optional.of(e.build());
    }

    Optional<WwEvictionState> ttmTicketLock(WwEvictionState s, String a) {
        if (!is(s, a, "evict")) {
            return Optional.empty();
        }
        if (s.held().get(a).contains(vic(a)) || free(s, vic(a))) {
            return Optional.of(s.edit().held(a, Frozen.plus(s.held().get(a), vic(a))).pc(a, "evict_locked").build());
        }
        return Optional.of(s.edit().pc(a, "evict_blocked").build());
    }

    Optional<WwEvictionState> ttmTicketLockWake(WwEvictionState s, String a) {
        if (!is(s, a, "evict_blocked") || !mayTake(s, a, vic(a))) {
            return Optional.empty();
        }
        return Optional.of(s.edit().held(a, Frozen.plus(s.held().get(a), vic(a))).pc(a, "evict_locked").build());
    }

    Optional<WwEvictionState> ttmTicketLockDie(WwEvictionState s, String a) {
        if (!is(s, a, "evict_blocked") || !mustDie(s, a, vic(a))) {
            return Optional.empty();
        }
        WwEvictionState.Edit e = s.edit().pc(a, "unwind");
        e.contended.put(a, vic(a));
        return Optional.of(e.build());
    }

    Optional<WwEvictionState> dmaBufCallEdeadlk(WwEvictionState s, String a) {
        if (!is(s, a, "unwind")) {
            return Optional.empty();
        }
        WwEvictionState.Edit e = s.edit().call(a, "none").pc(a, "backoff");
        e.corePin.put(a, false);
        return Optional.of(e.build());
    }

    Optional<WwEvictionState> ttmEvict(WwEvictionState s, String a) {
        String v = vic(a);
        if (!is(s, a, "evict_locked") || !s.held().get(a).contains(v)) {
            return Optional.empty();
        }
        WwEvictionState.Edit e = s.edit().pc(a, "placed");
        if (!pinned(s, v)) {
            e.gen.put(v, s.gen().get(v) + 1);
            e.moveFence.put(v, "pending");
            for (String d : c.importers()) {
                if (buf(d).equals(v) && !c.staticImporters().contains(d)) {
                    e.mapValid.put(d, false);
                }
            }
        }
        return Optional.of(e.build());
    }

    Optional<WwEvictionState> dmaBufPinReturns(WwEvictionState s, String a) {
        if (!is(s, a, "placed") || !s.call().get(a).equals("pin")) {
            return Optional.empty();
        }
        WwEvictionState.Edit e = s.edit().call(a, "none").pc(a, "call_map");
        e.importerPin.put(a, true);
        return Optional.of(e.build());
    }

    Optional<WwEvictionState> mapDmaBuf(WwEvictionState s, String a) {
        if (!is(s, a, "placed") || !s.call().get(a).equals("map")) {
            return Optional.empty();
        }
        boolean isStatic = c.staticImporters().contains(a);
        WwEvictionState.Edit e = s.edit().pc(a, isStatic ? "fence_wait" : "unlock").call(a, isStatic ? "map" : "none");
        setMapped(e, s, a);
        return Optional.of(e.build());
    }

    Optional<WwEvictionState> dmaBufMapAttachmentPinned(WwEvictionState s, String a) {
        if (!is(s, a, "call_map") || s.mapped().get(a)) {
            return Optional.empty();
        }
        WwEvictionState.Edit e = s.edit().pc(a, "unlock");
        setMapped(e, s, a);
        return Optional.of(e.build());
    }

    private void setMapped(WwEvictionState.Edit e, WwEvictionState s, String a) {
        e.mapped.put(a, true);
        e.mapGen.put(a, s.gen().get(buf(a)));
        e.mapValid.put(a, true);
    }

    Optional<WwEvictionState> dmaResvWaitKernel(WwEvictionState s, String a) {
        if (!is(s, a, "fence_wait") || s.moveFence().get(buf(a)).equals("pending")) {
            return Optional.empty();
        }
        return Optional.of(s.edit().call(a, "none").pc(a, "unlock").build());
    }

    Optional<WwEvictionState> dmaResvWaitInterrupted(WwEvictionState s, String a) {
        if (!is(s, a, "fence_wait") || s.interrupts() >= c.maxInterrupts()) {
            return Optional.empty();
        }
        WwEvictionState.Edit e = s.edit().call(a, "none").pc(a, "intr_unlock");
        e.interrupts = s.interrupts() + 1;
        e.mapped.put(a, false);
        e.mapValid.put(a, false);
        e.corePin.put(a, false);
        return Optional.of(e.build());
    }

    /** DmaResvUnlockBackoff and DmaResvUnlock: drop one held lock, pc unchanged. */
    List<WwEvictionState> unlockOne(WwEvictionState s, String a, Set<String> pcs) {
        if (!pcs.contains(s.pc().get(a))) {
            return List.of();
        }
        return new TreeSet<>(s.held().get(a)).stream().map(b -> s.edit().held(a, Frozen.minus(s.held().get(a), b)).build()).toList();
    }

    Optional<WwEvictionState> dmaResvLockSlow(WwEvictionState s, String a) {
        boolean backoff = is(s, a, "backoff");
        if (!((backoff && s.held().get(a).isEmpty()) || is(s, a, "slow"))) {
            return Optional.empty();
        }
        String l = s.contended().get(a);
        if (mayTake(s, a, l)) {
            WwEvictionState.Edit e = s.edit().held(a, Set.of(l)).pc(a, "lock");
            e.contended.put(a, c.noLock());
            return Optional.of(e.build());
        }
        return backoff ? Optional.of(s.edit().pc(a, "slow").build()) : Optional.empty();
    }

    Optional<WwEvictionState> wwAcquireFini(WwEvictionState s, String a) {
        boolean done = is(s, a, "unlock");
        if (!(done || is(s, a, "intr_unlock")) || !s.held().get(a).isEmpty()) {
            return Optional.empty();
        }
        WwEvictionState.Edit e = s.edit().pc(a, done ? "done" : "init");
        if (!done) {
            e.stamp.put(a, 0);
        }
        return Optional.of(e.build());
    }

}
