package org.dmabufspec.conformance.testgen.resv;

import static org.dmabufspec.conformance.testgen.KernelCall.argMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.resv.Entry;
import org.dmabufspec.conformance.relation.resv.ResvConstants;
import org.dmabufspec.conformance.relation.resv.ResvState;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.TlaValue;

/**
 * MCDmaResv_Ind's edges: every initial state is a SlotInv state of the bounded domain (a table of
 * up to two entries, any max_fences covering it, the lock held by a task or free), built on the
 * reference implementation before the test: the vgem buffer, each fence on its context (a signalled
 * one injected signalled, {@code FenceStateInjection}: the domain signals fences of one context in
 * any order, which no producer does), the table and max_fences ({@code ResvStateInjection}), and the
 * holder's {@code dma_resv_lock} (a real call; every task's calls run in the test's thread, as for
 * MCDmaResv). Each edge is then the call {@link ResvPlanner} makes of it. A driver's unspent
 * reservation (the spec's credits) is max_fences minus the table's length, which is what the
 * implementation keeps. Not drivable:
 * <ul>
 * <li>a signal of a fence whose context already signalled a later seqno (only the domain's
 * out-of-order states have one): the implementation records it as F12, which no producer can
 * reach;</li>
 * <li>the return of a wait whose usage is NoUsage (the domain pairs any query with any pc): no
 * {@code dma_resv_wait_timeout} waits for no usage;</li>
 * <li>DRM_IOCTL_VGEM_FENCE_ATTACH: the ioctl creates its fence on a context of its own, while the
 * cfg's vgem fence {@code f1} shares {@code f2}'s context (so that same-context replacement
 * happens) and the domain may already hold it in the table or signalled; the injected {@code f1} is
 * an ordinary fence of that context, which the ioctl cannot be made to add.</li>
 * </ul>
 */
final class InjectedResvPlanner implements Vocabulary.Planner {
    static final String FENCE = "inject_dma_fence";
    static final String TABLE = "inject_resv_table";
    static final String HOLD = "hold";

    private final ResvConstants k;
    private final ResvPlanner calls;

    InjectedResvPlanner(ResvConstants k) {
        this.k = k;
        this.calls = new ResvPlanner(k);
    }

    @Override
    public List<KernelCall> setup() {
        return calls.setup();
    }

    @Override
    public Optional<List<KernelCall>> inject(Map<String, TlaValue> state) {
        ResvState s = calls.decode(state);
        List<KernelCall> out = new ArrayList<>();
        for (String r : k.resvs()) {
            out.add(new KernelCall("vgem_create_bo", argMap("resv", r), "0"));
        }
        Map<String, String> contexts = new LinkedHashMap<>();
        for (String f : new TreeSet<>(k.fences())) {
            String ctx = contexts.computeIfAbsent(k.context().get(f), c -> String.valueOf(contexts.size() + 1));
            out.add(new KernelCall(FENCE, argMap("fence", f, "context", ctx, "seqno", String.valueOf(k.seqno().get(f)),
                    "signaled", String.valueOf(s.signalled().get(f))), "0"));
        }
        for (String r : k.resvs()) {
            List<String> entries = new ArrayList<>();
            for (Entry e : s.table().get(r)) {
                entries.add(e.fence() + ":" + ResvPlanner.USAGE_NAMES.get(e.usage()));
            }
            out.add(new KernelCall(TABLE, argMap("resv", r, "entries", String.join(",", entries), "max_fences",
                    String.valueOf(s.maxFences().get(r))), "0"));
            if (!s.holder().get(r).equals(k.noProc())) {
                out.add(new KernelCall(HOLD, argMap("resv", r, "proc", s.holder().get(r)), "0"));
            }
        }
        return Optional.of(out);
    }

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after) {
        ResvState b0 = calls.decode(before);
        ResvState a0 = calls.decode(after);
        for (String q : k.procs()) {
            if (b0.pc().get(q).equals("wait_locked") && !a0.pc().get(q).equals("wait_locked")
                    && (b0.query().get(q) < 0 || b0.query().get(q) >= ResvPlanner.USAGE_NAMES.size())) {
                return StepPlan.notDrivable("the return of a dma_resv_wait_timeout with no usage (the domain's query is"
                        + " NoUsage): no call waits for no usage", "F15");
            }
        }
        StepPlan p = calls.plan(before, action, after);
        KernelCall c = p.call();
        if (c == null) {
            return p;
        }
        ResvState b = b0;
        if (c.op().equals("dma_fence_signal")) {
            String f = c.args().get("fence");
            for (String g : k.fences()) {
                if (k.context().get(g).equals(k.context().get(f)) && k.seqno().get(g) > k.seqno().get(f) && b.signalled().get(g)) {
                    return StepPlan.notDrivable("a signal of a fence whose context already signalled a later seqno: the"
                            + " implementation records F12, and no producer builds this state", "F12");
                }
            }
        }
        if (c.op().equals("DRM_IOCTL_VGEM_FENCE_ATTACH")) {
            return StepPlan.notDrivable("a vgem attach: the ioctl creates its fence on a context of its own, and the model's"
                    + " vgem fence shares the other fence's context (and may already be in the table or signalled)", "U2");
        }
        return p;
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        return calls.observe(state);
    }
}
