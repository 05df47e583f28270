package org.dmabufspec.conformance.testgen.lifetime;

import static org.dmabufspec.conformance.testgen.KernelCall.argMap;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.dmabufspec.conformance.relation.lifetime.LifetimeConstants;
import org.dmabufspec.conformance.relation.lifetime.LifetimeRelation;
import org.dmabufspec.conformance.relation.lifetime.LifetimeState;
import org.dmabufspec.conformance.testgen.EagerSteps;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaBufLifetime edges as calls: one buffer {@code b1} of a dynamic exporter, exported with an fd
 * (the file's first reference), its KERNEL fence {@code f1} in the reservation object and held by
 * its producer; static importers (≤6.14: pinned, mapped and waiting for the KERNEL fence inside
 * dma_buf_attach; 6.15+: inside dma_buf_map_attachment) and fence waiters, each on its own thread;
 * the fd's owner, the poller, the producer and /proc readers on the test's thread (a reader's
 * readlink and d_path never sleep; an importer's callback removal is its teardown's, on another
 * context than its possibly sleeping thread).
 * <p>
 * Steps the implementation takes inside a call, at once: the signaller's callback loop
 * (DmaBufPollCb, ImporterFenceCb, DmaFenceWaitCb, DmaFenceSignalDone: inside
 * {@code dma_fence_signal}), the release of the file once its count is 0 (DmaBufFileRelease: the
 * deferred {@code __fput}, which the implementation runs inside the last put), and the return of an
 * attach, map or fence wait whose fence has signalled (AttachWaitDone, MapWaitDone,
 * DmaFenceWaitWake). As for {@code dma_buf_ww_eviction}, a state is settled when none of them is
 * pending; from an unsettled state the pending step is driven, and a step of another actor that
 * commutes with it ({@link EagerSteps#commutingPlan}); the others are not drivable. Not drivable
 * either: a poll while an importer sleeps in its KERNEL-fence wait, which holds the reservation
 * lock dma_buf_poll takes (the spec leaves the lock to DmaBufAttach), and the reservation dropping a
 * fence of a buffer only a /proc reader's path keeps (no caller holds a reference to reach it).
 * <p>
 * Observed in settled states: the file's count (while the file lives) and whether the buffer is
 * released, whether poll's callback is armed, the exporter's pin count; with readers whether the
 * file is released and the path references to the dentry; per importer whether its attachment is
 * on the list, whether it sleeps in its attach or map, its fence callback (none, armed, ran) and
 * on 6.15 its mappings; per waiter whether it sleeps; the fence's kref (while it lives), whether it
 * is freed and signalled.
 */
final class LifetimePlanner implements Vocabulary.Planner {
    static final String BUF = "b1";
    static final String FENCE = "f1";
    private final LifetimeConstants k;
    private final Map<Map<String, TlaValue>, LifetimeState> decoded = new IdentityHashMap<>();
    private final EagerSteps<LifetimeState> steps;

    LifetimePlanner(LifetimeConstants k) {
        this.k = k;
        LifetimeRelation relation = new LifetimeRelation(k, false);
        this.steps = new EagerSteps<>(relation::next, this::pending, (b, action, s) -> key(action, actor(b, action, s)));
    }

    @Override
    public List<KernelCall> setup() {
        List<KernelCall> out = new ArrayList<>();
        out.add(new KernelCall("dma_buf_export", argMap("buf", BUF, "fence", FENCE, "kernel", k.kernel()), "0"));
        for (String i : k.importerList()) {
            out.add(new KernelCall("importer", argMap("proc", i), "0"));
        }
        for (String w : k.waiterList()) {
            out.add(new KernelCall("waiter", argMap("proc", w), "0"));
        }
        return out;
    }

    private LifetimeState decode(Map<String, TlaValue> s) {
        return decoded.computeIfAbsent(s, LifetimeState::decode);
    }

    private static String key(String action, String importer) {
        return importer == null ? action : action + " " + importer;
    }

    /** The steps the implementation takes at once in this state, by key. */
    List<String> pending(LifetimeState s) {
        List<String> out = new ArrayList<>();
        if (s.lockHeld()) {
            boolean taken = false;
            if (s.pollCb().equals("taken")) {
                out.add("DmaBufPollCb");
                taken = true;
            }
            for (String i : k.importerList()) {
                if (s.icb().get(i).equals("taken")) {
                    out.add(key("ImporterFenceCb", i));
                    taken = true;
                }
            }
            for (String w : k.waiterList()) {
                if (s.wcb().get(w).equals("taken")) {
                    out.add(key("DmaFenceWaitCb", w));
                    taken = true;
                }
            }
            if (!taken) {
                out.add("DmaFenceSignalDone");
            }
        }
        if (s.fileLive() && s.fileRefs() == 0) {
            out.add("DmaBufFileRelease");
        }
        for (String i : k.importerList()) {
            if (s.ipc().get(i).equals("attaching") && s.signalled()) {
                out.add(key("AttachWaitDone", i));
            }
            if (s.ipc().get(i).equals("mapping") && s.signalled()) {
                out.add(key("MapWaitDone", i));
            }
        }
        for (String w : k.waiterList()) {
            if (s.wpc().get(w).equals("sleeping") && s.wcb().get(w).equals("ran") && !s.lockHeld()) {
                out.add(key("DmaFenceWaitWake", w));
            }
        }
        return out;
    }

    /** The mutant modules' substitutes, by the spec action they replace (counterexample replay). */
    private static final Map<String, String> SUBSTITUTES = Map.of("PollWithoutGetFile", "DmaBufPoll",
            "PollCbWithoutFput", "DmaBufPollCb", "FileReleaseFreesBuffer", "DmaBufFileRelease");

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String label, Map<String, TlaValue> after) {
        String action = SUBSTITUTES.getOrDefault(label, label);
        LifetimeState b = decode(before);
        LifetimeState s = decode(after);
        String i = actor(b, action, s);
        List<String> pending = pending(b);
        if (pending.isEmpty()) {
            return settled(b, action, i, s);
        }
        if (pending.contains(key(action, i))) {
            return pending.size() == 1 || steps.settle(b) != null ? inside(action, i)
                    : StepPlan.notDrivable("steps inside two calls that do not commute (a race the test does not control)", "F9");
        }
        return steps.commutingPlan(b, key(action, i), s, (x, y) -> settled(x, action, i, y),
                "a step while a call has steps left that the implementation takes at once (the signaller's callback"
                        + " loop, the deferred __fput, an attach whose fence signalled), and it does not commute with them",
                "a step while a call has steps left that the implementation takes at once, whose call would see a"
                        + " different result before and after them", "F9");
    }

    /** The call of a step from a settled state; {@code i} is the importer, waiter or reader that moves. */
    private StepPlan settled(LifetimeState b, String action, String i, LifetimeState s) {
        return switch (action) {
            case "CloseFd" -> call("close", "0", "R18", "buf", BUF);
            case "DmaBufPoll" -> k.importerList().stream().anyMatch(x -> inFenceWait(b, x))
                    ? StepPlan.notDrivable("poll() while an importer sleeps in the KERNEL-fence wait of its attach (<= 6.14)"
                            + " or map (6.15+), which holds the reservation lock dma_buf_poll takes: the implementation,"
                            + " like the kernel, arms the callback only after that call returns", "U3")
                    : new StepPlan(new KernelCall("poll", argMap("buf", BUF, "events", "POLLIN"), ""),
                            "the callback is armed on " + FENCE + " with a file and a fence reference", "U3");
            case "DmaFenceSignal" -> call("dma_fence_signal", "0", "F9", "fence", FENCE);
            case "ProducerPut" -> call("dma_fence_put", "0", "F9", "fence", FENCE);
            case "DmaResvDropSignalled" -> b.fileLive() ? call("dma_resv_reserve_fences", "0", "F9", "buf", BUF)
                    : StepPlan.notDrivable("the reservation object drops the signalled fence of a buffer whose file is"
                            + " released and that only a /proc reader's path keeps: no caller holds a reference to reach"
                            + " the buffer's own reservation through (an exporter whose object shares its reservation"
                            + " could; the reference implementation's buffer does not share it)", "F9");
            case "DmaBufGet" -> call("dma_buf_get", "0", "R18", "proc", i);
            case "DmaBufPut" -> call("dma_buf_put", "0", "R18", "proc", i);
            case "DmaBufAttach" -> call("dma_buf_attach", callOrSleep(s, i, "attaching"), "R9", "proc", i);
            case "DmaBufMapAttachment" -> call("dma_buf_map_attachment", callOrSleep(s, i, "mapping"), "R9", "proc", i);
            case "AttachWaitInterrupted", "MapWaitInterrupted", "DmaFenceWaitInterrupted" ->
                    call("signal", "ERESTARTSYS", "R9", "proc", i);
            case "DmaBufUnmapAttachment" -> call("dma_buf_unmap_attachment", "0", "R9", "proc", i);
            case "DmaBufDetach" -> call("dma_buf_detach", "0", "R9", "proc", i);
            case "ImporterAddCallback" -> call("dma_fence_add_callback", "0", "F9", "proc", i);
            case "ImporterRemoveCallback" -> call("dma_fence_remove_callback", "true", "F7", "proc", i);
            case "DmaFenceWait" -> call("dma_fence_wait", "sleeps", "F9", "proc", i);
            case "ProcFdLink" -> call("readlink", "0", "B1", "proc", i);
            case "DmaBufDname" -> call("dname", "0", "B1", "proc", i);
            default -> StepPlan.notDrivable("no call for action " + action + " of a settled state", "F9");
        };
    }

    /** An importer in the interruptible KERNEL-fence wait of its attach or map, under the reservation lock. */
    private static boolean inFenceWait(LifetimeState s, String i) {
        return s.ipc().get(i).equals("attaching") || s.ipc().get(i).equals("mapping");
    }

    /** A call that waits for the fence: it sleeps, or returns by itself at the next step (signalled), or at once. */
    private static String callOrSleep(LifetimeState after, String i, String waiting) {
        return !after.ipc().get(i).equals(waiting) ? "0" : after.signalled() ? "called" : "sleeps";
    }

    /** A step the implementation takes inside the call before it. */
    private static StepPlan inside(String action, String i) {
        return switch (action) {
            case "DmaBufPollCb" -> new StepPlan(null, "inside dma_fence_signal: dma_buf_poll_cb clears active, puts the"
                    + " fence and fputs the file", "F9");
            case "ImporterFenceCb" -> new StepPlan(null, "inside dma_fence_signal: " + i + "'s callback puts its fence"
                    + " reference", "F9");
            case "DmaFenceSignalDone" -> new StepPlan(null, "dma_fence_signal returns; the signaller puts its own"
                    + " reference", "F9");
            case "DmaBufFileRelease" -> new StepPlan(null, "inside the last fput: __fput, dma_buf_file_release and, with"
                    + " no path reference left, dma_buf_release (dma_resv_fini puts the fence)", "R18");
            case "DmaFenceWaitCb" -> new StepPlan(null, "inside dma_fence_signal: the wait's callback wakes " + i, "F9");
            case "AttachWaitDone" -> new StepPlan(new KernelCall("return", argMap("proc", i, "call", "dma_buf_attach"), "0"),
                    "the KERNEL fence signalled: dma_buf_attach returns", "R9");
            case "MapWaitDone" -> new StepPlan(new KernelCall("return", argMap("proc", i, "call", "dma_buf_map_attachment"),
                    "0"), "the KERNEL fence signalled: dma_buf_map_attachment returns", "R9");
            case "DmaFenceWaitWake" -> new StepPlan(new KernelCall("return", argMap("proc", i, "call", "dma_fence_wait"), "0"),
                    "the signalled wait returns and puts its reference", "F9");
            default -> StepPlan.notDrivable("no call for action " + action, "F9");
        };
    }

    /** The spec's actions without a parameter (a signal changes every armed callback: it names no actor). */
    private static final Set<String> UNPARAMETERISED = Set.of("CloseFd", "DmaBufFileRelease", "DmaBufPoll", "DmaBufPollCb",
            "DmaFenceSignal", "DmaFenceSignalDone", "ProducerPut", "DmaResvDropSignalled");

    /** The importer, waiter or reader the step's action names, or null. */
    private String actor(LifetimeState b, String action, LifetimeState s) {
        if (UNPARAMETERISED.contains(action)) {
            return null;
        }
        for (String i : k.importerList()) {
            if (!b.ipc().get(i).equals(s.ipc().get(i)) || !b.icb().get(i).equals(s.icb().get(i))) {
                return i;
            }
        }
        for (String w : k.waiterList()) {
            if (!b.wpc().get(w).equals(s.wpc().get(w)) || !b.wcb().get(w).equals(s.wcb().get(w))) {
                return w;
            }
        }
        for (String r : k.readerList()) {
            if (!b.rpc().get(r).equals(s.rpc().get(r))) {
                return r;
            }
        }
        return null;
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        LifetimeState s = decode(state);
        Map<String, String> out = new TreeMap<>();
        if (!pending(s).isEmpty()) {
            return out; // the next step is one the implementation takes at once, and observes
        }
        if (s.fileLive()) {
            out.put(BUF + ".refs", String.valueOf(s.fileRefs()));
        }
        out.put(BUF + ".released", String.valueOf(!s.bufLive()));
        out.put(BUF + ".pollArmed", String.valueOf(!s.pollCb().equals("none")));
        out.put(BUF + ".pins", String.valueOf(s.pins()));
        if (s.fenceLive()) {
            out.put(FENCE + ".refs", String.valueOf(s.fenceRefs()));
        }
        out.put(FENCE + ".released", String.valueOf(!s.fenceLive()));
        out.put(FENCE + ".signaled", String.valueOf(s.signalled()));
        if (!k.readers().isEmpty()) {
            out.put(BUF + ".fileReleased", String.valueOf(!s.fileLive()));
            out.put(BUF + ".paths", String.valueOf(s.dentryRefs()));
        }
        for (String i : k.importerList()) {
            out.put(i + ".attached", String.valueOf(s.attachments().contains(i)));
            out.put(i + ".sleeping", String.valueOf(inFenceWait(s, i)));
            out.put(i + ".cb", s.icb().get(i));
            if (k.kernel().equals("6.15")) {
                out.put(i + ".mappings", s.ipc().get(i).equals("mapped") ? "1" : "0");
            }
        }
        for (String w : k.waiterList()) {
            out.put(w + ".sleeping", String.valueOf(s.wpc().get(w).equals("sleeping")));
        }
        return out;
    }

    private static StepPlan call(String op, String expect, String rule, String... kv) {
        return new StepPlan(new KernelCall(op, argMap(kv), expect), "", rule);
    }
}
