package org.dmabufspec.conformance.testgen.eviction;

import static org.dmabufspec.conformance.testgen.KernelCall.argMap;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.eviction.WwEvictionConstants;
import org.dmabufspec.conformance.relation.eviction.WwEvictionRelation;
import org.dmabufspec.conformance.relation.eviction.WwEvictionState;
import org.dmabufspec.conformance.testgen.EagerSteps;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaBufWwEviction edges as calls, one executor thread per importer. An importer's
 * dma_buf_map_attachment or dma_buf_pin runs the exporter's eviction inside it, under the
 * importer's ticket; the spec cuts that call into steps (entry, ticket lock, eviction, table,
 * KERNEL-fence wait) and lets other threads run between them, the implementation runs it through
 * and stops only where it sleeps (in a ww_mutex, or in the fence wait). So, as for ww_mutex
 * (WwPlanner), a state is <em>settled</em> when no importer has a step the implementation takes
 * by itself at once: a woken or dying lock waiter (DmaResvLockWake/Die, TtmTicketLockWake/Die,
 * DmaResvLockSlow out of "slow"), or the rest of a call in progress (TtmEvict, MapDmaBuf,
 * DmaBufPinReturns, DmaBufCallEdeadlk, and DmaResvWaitKernel once the fences have signalled).
 * From an unsettled state that step is driven, and a step of another importer (or a fence signal)
 * that commutes with it ({@link #commuting}); the others are not drivable, with the reason.
 * <p>
 * The entry step of a map or pin (DmaBufMapAttachment, DmaBufPin) has no call: it changes only the
 * importer's own pc and the pin of its own buffer, which no other thread reads while the importer
 * holds that buffer's lock, so it commutes; the call is made at TtmTicketLock, where the exporter
 * takes the victim's lock (its first step another thread can tell). A step that ends the call
 * collects its result ({@code return}: 0, EDEADLK, or ERESTARTSYS after a {@code signal} to the
 * importer sleeping in the KERNEL-fence wait).
 * <p>
 * Observed in settled states: per buffer whether it is locked, its moves so far (the spec's gen),
 * whether a move is in flight, and its pin count (unless an importer of it is inside a call: the
 * spec counts a static importer's core pin from the call's entry); per importer not inside a call
 * its mappings, for a mapped one whether the table points to the buffer's current storage, for a
 * dynamic one whether its mapping is valid (no move_notify since); per importer whether it sleeps
 * in a call, and its context's {@code acquired} count.
 */
final class EvictionPlanner implements Vocabulary.Planner {
    static final String RULE = "F18";
    private final WwEvictionConstants k;
    private final Map<Map<String, TlaValue>, WwEvictionState> decoded = new IdentityHashMap<>();
    /** The importers' pending steps over the spec's steps in Java (StateGraphEqualityTest proves them TLC's). */
    private final EagerSteps<WwEvictionState> steps;

    EvictionPlanner(WwEvictionConstants k) {
        this.k = k;
        WwEvictionRelation relation = new WwEvictionRelation(k);
        this.steps = new EagerSteps<>(relation::next, this::eager, (b, action, s) -> key(b, action, actor(b, s), s));
        List<String> buffers = k.bufferList();
        for (String a : k.importerList()) {
            String own = k.importerBuf().get(a);
            String first = buffers.stream().filter(b -> !b.equals(own)).findFirst().orElse(null);
            if (!k.victim().get(a).equals(first)) {
                throw new IllegalArgumentException("the eviction driver's exporter evicts the first other buffer (" + first
                        + ") to make room for " + own + ", but Victim[" + a + "] is " + k.victim().get(a));
            }
        }
    }

    @Override
    public List<KernelCall> setup() {
        List<KernelCall> out = new ArrayList<>();
        for (String b : k.bufferList()) {
            out.add(new KernelCall("dma_buf_export", argMap("buf", b), "0"));
        }
        for (String a : k.importerList()) {
            out.add(new KernelCall("importer", argMap("proc", a, "buf", k.importerBuf().get(a), "dynamic",
                    String.valueOf(!k.staticImporters().contains(a))), "0"));
        }
        return out;
    }

    private WwEvictionState decode(Map<String, TlaValue> s) {
        return decoded.computeIfAbsent(s, WwEvictionState::decode);
    }

    /** The steps the implementation takes by itself at once in this state: "Action importer". */
    List<String> eager(WwEvictionState s) {
        List<String> out = new ArrayList<>();
        for (String a : k.importerList()) {
            String step = eager(s, a);
            if (step != null) {
                out.add(step + " " + a);
            }
        }
        return out;
    }

    private String eager(WwEvictionState s, String a) {
        String own = k.importerBuf().get(a);
        String vic = k.victim().get(a);
        return switch (s.pc().get(a)) {
            case "blocked" -> mayTake(s, a, own) ? "DmaResvLockWake" : mustDie(s, a, own) ? "DmaResvLockDie" : null;
            case "evict_blocked" -> mayTake(s, a, vic) ? "TtmTicketLockWake" : mustDie(s, a, vic) ? "TtmTicketLockDie" : null;
            case "slow" -> mayTake(s, a, s.contended().get(a)) ? "DmaResvLockSlow" : null;
            case "evict_locked" -> "TtmEvict";
            case "placed" -> s.call().get(a).equals("pin") ? "DmaBufPinReturns" : "MapDmaBuf";
            case "unwind" -> "DmaBufCallEdeadlk";
            case "fence_wait" -> s.moveFence().get(own).equals("pending") ? null : "DmaResvWaitKernel";
            default -> null;
        };
    }

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after) {
        WwEvictionState b = decode(before);
        WwEvictionState s = decode(after);
        String a = actor(b, s);
        List<String> eager = eager(b);
        if (eager.isEmpty()) {
            return settled(b, action, a, s);
        }
        if (a != null && eager(b, a) != null) {
            if (eager.contains(action + " " + a)) {
                // with another importer's step pending too: driven if the two commute (either order, one state)
                return eager.size() == 1 || steps.settle(b) != null ? eagerStep(action, a, b)
                        : StepPlan.notDrivable("several importers can move at once and the order matters (a race the"
                                + " test does not control)", RULE);
            }
            if (action.equals("DmaResvWaitInterrupted")) {
                return StepPlan.notDrivable("a signal to a KERNEL-fence wait whose fences have signalled: the"
                        + " implementation's wait returns at once, there is no sleep to interrupt", "R6");
            }
            return StepPlan.notDrivable("another step of an importer whose call, or woken lock, has yet to move: the"
                    + " implementation takes that step at once", RULE);
        }
        return commuting(b, action, a, s);
    }

    /**
     * A step of another importer (or a fence signal) while one importer's call or woken lock has
     * yet to move: the implementation has taken that importer's pending steps already, so the step
     * is driven only if it commutes with them: from the state with them taken the same step is
     * enabled, leads to the state the model reaches once it takes them after this step, and makes
     * the same call with the same expected result as from here.
     */
    private StepPlan commuting(WwEvictionState b, String action, String a, WwEvictionState s) {
        return steps.commutingPlan(b, key(b, action, a, s), s, (x, y) -> settled(x, action, a, y),
                "another step while an importer's call, or a woken lock waiter, has yet to move, and it does not commute"
                        + " with that importer's next steps: the implementation takes them at once",
                "another step while an importer's call, or a woken lock waiter, has yet to move, whose call would see a"
                        + " different result before and after that importer's next steps", RULE);
    }

    /** What identifies a step across states: its action, its importer, and the lock or buffer it names. */
    private String key(WwEvictionState b, String action, String a, WwEvictionState s) {
        if (action.equals("DmaFenceSignalMove")) {
            return action + " " + changedFence(b, s);
        }
        if (action.equals("DmaResvUnlock") || action.equals("DmaResvUnlockBackoff")) {
            return action + " " + a + " " + unlocked(b, s, a);
        }
        return action + " " + a;
    }

    private String changedFence(WwEvictionState b, WwEvictionState s) {
        return k.bufferList().stream().filter(x -> !b.moveFence().get(x).equals(s.moveFence().get(x))).findFirst().orElse(null);
    }

    private static String unlocked(WwEvictionState b, WwEvictionState s, String a) {
        Set<String> gone = new TreeSet<>(b.held().get(a));
        gone.removeAll(s.held().get(a));
        return gone.isEmpty() ? null : gone.iterator().next();
    }

    /** The call of a step from a state where no importer has a step of its own to take first. */
    private StepPlan settled(WwEvictionState b, String action, String a, WwEvictionState s) {
        if (a == null) {
            if (action.equals("DmaFenceSignalMove")) {
                return call("complete_move", "0", "R6", "buf", changedFence(b, s));
            }
            return new StepPlan(null, "every importer has finished", RULE);
        }
        String own = k.importerBuf().get(a);
        return switch (action) {
            case "WwAcquireInit" -> call("ww_acquire_init", "0", RULE, "proc", a);
            case "DmaResvLock" -> call("dma_resv_lock", s.pc().get(a).equals("blocked") ? sleeps(s, a)
                    : b.held().get(a).contains(own) ? "EALREADY" : "0", RULE, "proc", a, "lock", own);
            case "DmaBufPin", "DmaBufMapAttachment" -> new StepPlan(null, "enters " + (action.equals("DmaBufPin")
                    ? "dma_buf_pin" : "dma_buf_map_attachment") + ": the call is made where the exporter takes the victim's lock", "R3");
            case "TtmTicketLock" -> call(b.call().get(a).equals("pin") ? "dma_buf_pin" : "dma_buf_map_attachment",
                    s.pc().get(a).equals("evict_blocked") ? sleeps(s, a) : "called", "R2", "proc", a);
            case "DmaBufMapAttachmentPinned" -> call("dma_buf_map_attachment", "0", "R3", "proc", a);
            case "DmaResvWaitInterrupted" -> call("signal", "ERESTARTSYS", "R9", "proc", a);
            case "DmaResvUnlockBackoff", "DmaResvUnlock" -> call("dma_resv_unlock", "0", RULE, "proc", a, "lock", unlocked(b, s, a));
            case "DmaResvLockSlow" -> call("dma_resv_lock_slow", s.pc().get(a).equals("slow") ? sleeps(s, a) : "0", RULE,
                    "proc", a, "lock", b.contended().get(a));
            case "WwAcquireFini" -> call("ww_acquire_fini", "0", RULE, "proc", a);
            default -> StepPlan.notDrivable("no call for action " + action + " of a settled state", RULE);
        };
    }

    /** The one step the implementation takes at once: the rest of a call, or a sleeping call's return. */
    private StepPlan eagerStep(String action, String a, WwEvictionState b) {
        String inside = b.call().get(a).equals("pin") ? "dma_buf_pin" : "dma_buf_map_attachment";
        return switch (action) {
            case "DmaResvLockWake" -> ret(a, "dma_resv_lock", "0", "the sleeping dma_resv_lock is woken and takes the lock");
            case "DmaResvLockDie" -> ret(a, "dma_resv_lock", "EDEADLK", "wait-die: the sleeping dma_resv_lock returns -EDEADLK");
            case "DmaResvLockSlow" -> ret(a, "dma_resv_lock_slow", "0", "the sleeping dma_resv_lock_slow takes the lock");
            case "TtmTicketLockWake" -> new StepPlan(null, "inside " + inside + ": the exporter's ticket lock of the victim is"
                    + " woken and takes it", RULE);
            case "TtmTicketLockDie" -> new StepPlan(null, "inside " + inside + ": wait-die kills the exporter's ticket lock"
                    + " of the victim (-EDEADLK)", RULE);
            case "TtmEvict" -> new StepPlan(null, "inside " + inside + ": the exporter evicts the victim under the ticket"
                    + " (move_notify, move, KERNEL fence), or finds it pinned and moves nothing", "R2");
            case "DmaBufCallEdeadlk" -> ret(a, inside, "EDEADLK", "the call unwinds and returns -EDEADLK");
            case "DmaBufPinReturns" -> ret(a, "dma_buf_pin", "0", "dma_buf_pin returns");
            case "MapDmaBuf" -> k.staticImporters().contains(a)
                    ? new StepPlan(null, "inside dma_buf_map_attachment: the table is made; the core waits for the"
                            + " KERNEL fences of a static importer's buffer (R6)", "R6")
                    : ret(a, "dma_buf_map_attachment", "0", "dma_buf_map_attachment returns the table");
            case "DmaResvWaitKernel" -> ret(a, "dma_buf_map_attachment", "0", "the KERNEL fences signalled: the map returns");
            default -> StepPlan.notDrivable("no call for action " + action, RULE);
        };
    }

    private static StepPlan ret(String a, String of, String expect, String note) {
        return new StepPlan(new KernelCall("return", argMap("proc", a, "call", of), expect), note, RULE);
    }

    /** {@code sleeps}, or {@code called} when the call's next step is one the implementation takes at once. */
    private String sleeps(WwEvictionState after, String a) {
        return eager(after, a) != null ? "called" : "sleeps";
    }

    /** The importer whose own variables the step changed (every step changes at most one importer's). */
    private String actor(WwEvictionState b, WwEvictionState s) {
        for (String a : k.importerList()) {
            if (!b.pc().get(a).equals(s.pc().get(a)) || !b.held().get(a).equals(s.held().get(a))
                    || !b.call().get(a).equals(s.call().get(a)) || !b.stamp().get(a).equals(s.stamp().get(a))
                    || !b.contended().get(a).equals(s.contended().get(a))) {
                return a;
            }
        }
        return null;
    }

    private boolean free(WwEvictionState s, String l) {
        return k.importerList().stream().noneMatch(q -> s.held().get(q).contains(l));
    }

    /** WwMutex's Waiting through DmaBufWwEviction's mapping: blocked on its own buffer, its victim, or in lock_slow. */
    private boolean waiting(WwEvictionState s, String q, String l) {
        return switch (s.pc().get(q)) {
            case "blocked" -> k.importerBuf().get(q).equals(l);
            case "evict_blocked" -> k.victim().get(q).equals(l);
            case "slow" -> l.equals(s.contended().get(q));
            default -> false;
        };
    }

    private boolean older(WwEvictionState s, String q, String p) {
        return s.stamp().get(q) < s.stamp().get(p);
    }

    private boolean mayTake(WwEvictionState s, String p, String l) {
        return free(s, l) && k.importerList().stream().noneMatch(q -> !q.equals(p) && waiting(s, q, l) && older(s, q, p));
    }

    private boolean mustDie(WwEvictionState s, String p, String l) {
        return !s.held().get(p).isEmpty() && k.importerList().stream()
                .anyMatch(q -> !q.equals(p) && older(s, q, p) && (s.held().get(q).contains(l) || waiting(s, q, l)));
    }

    private static boolean insideCall(WwEvictionState s, String a) {
        return !s.call().get(a).equals("none");
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        WwEvictionState s = decode(state);
        Map<String, String> out = new TreeMap<>();
        if (!eager(s).isEmpty()) {
            return out; // the next step is one the implementation takes at once, and observes
        }
        for (String b : k.bufferList()) {
            out.put(b + ".locked", String.valueOf(!free(s, b)));
            out.put(b + ".moves", String.valueOf(s.gen().get(b)));
            out.put(b + ".moving", String.valueOf(s.moveFence().get(b).equals("pending")));
            List<String> users = k.importerList().stream().filter(a -> k.importerBuf().get(a).equals(b)).toList();
            if (users.stream().noneMatch(a -> insideCall(s, a))) {
                out.put(b + ".pins", String.valueOf(users.stream()
                        .filter(a -> s.corePin().get(a) || s.importerPin().get(a)).count()));
            }
        }
        for (String a : k.importerList()) {
            String pc = s.pc().get(a);
            out.put(a + ".sleeping", String.valueOf(pc.equals("blocked") || pc.equals("evict_blocked") || pc.equals("slow")
                    || pc.equals("fence_wait")));
            if (s.stamp().get(a) != 0) {
                out.put(a + ".acquired", String.valueOf(s.held().get(a).size()));
            }
            if (insideCall(s, a)) {
                continue;
            }
            boolean mapped = s.mapped().get(a);
            out.put(a + ".mappings", mapped ? "1" : "0");
            if (mapped) {
                out.put(a + ".current", String.valueOf(s.mapGen().get(a).equals(s.gen().get(k.importerBuf().get(a)))));
            }
            if (!k.staticImporters().contains(a)) {
                out.put(a + ".valid", String.valueOf(s.mapValid().get(a)));
            }
        }
        return out;
    }

    private static StepPlan call(String op, String expect, String rule, String... kv) {
        return new StepPlan(new KernelCall(op, argMap(kv), expect), "", rule);
    }

}
