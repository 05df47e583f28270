package org.dmabufspec.conformance.relation.lifetime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaBufLifetime.tla's Next in Java: the file and fence reference counts, the release order
 * (file release, then the dentry's dma_buf_release), poll's cb_in, an importer's attach/map with
 * their interruptible KERNEL-fence waits and its fence callback, interruptible fence waiters and
 * the signaller's callback loop (R9, R18, F9, F11). One method per action, each returning the
 * successor its guard allows; TLC labels a step with the action's operator name. With
 * {@code inductive} the relation has no initial states of its own: the inductive-invariant model's
 * IndInit is a predicate TLC enumerates.
 */
public class LifetimeRelation implements SpecRelation<LifetimeState> {
    private final LifetimeConstants c;
    private final boolean inductive;

    public LifetimeRelation(LifetimeConstants constants, boolean inductive) {
        this.c = constants;
        this.inductive = inductive;
    }

    @Override
    public Optional<Set<LifetimeState>> initialStates() {
        return inductive ? Optional.empty() : Optional.of(Set.of(init()));
    }

    /** dma_buf_export + dma_buf_fd; the fence in the reservation object and held by its producer. */
    LifetimeState init() {
        Map<String, String> ipc = new HashMap<>();
        Map<String, String> icb = new HashMap<>();
        c.importers().forEach(i -> {
            ipc.put(i, "idle");
            icb.put(i, "none");
        });
        Map<String, String> wpc = new HashMap<>();
        Map<String, String> wcb = new HashMap<>();
        c.waiters().forEach(w -> {
            wpc.put(w, "idle");
            wcb.put(w, "none");
        });
        Map<String, String> rpc = new HashMap<>();
        c.readers().forEach(r -> rpc.put(r, "idle"));
        return new LifetimeState(true, 1, true, 0, true, true, Set.of(), 0, ipc, icb, "none", 2, true, false, false, true,
                true, wpc, wcb, rpc, false);
    }

    @Override
    public List<Transition<LifetimeState>> next(LifetimeState s) {
        List<Transition<LifetimeState>> out = new ArrayList<>();
        add(out, "CloseFd", closeFd(s));
        add(out, "DmaBufFileRelease", dmaBufFileRelease(s));
        add(out, "DmaBufPoll", dmaBufPoll(s));
        add(out, "DmaBufPollCb", dmaBufPollCb(s));
        add(out, "DmaFenceSignal", dmaFenceSignal(s));
        add(out, "DmaFenceSignalDone", dmaFenceSignalDone(s));
        add(out, "ProducerPut", producerPut(s));
        add(out, "DmaResvDropSignalled", dmaResvDropSignalled(s));
        for (String i : c.importerList()) {
            add(out, "DmaBufGet", dmaBufGet(s, i));
            add(out, "DmaBufPut", dmaBufPut(s, i));
            add(out, "DmaBufAttach", dmaBufAttach(s, i));
            add(out, "DmaBufDetach", dmaBufDetach(s, i));
            add(out, "AttachWaitDone", attachWaitDone(s, i));
            add(out, "AttachWaitInterrupted", attachWaitInterrupted(s, i));
            add(out, "DmaBufMapAttachment", dmaBufMapAttachment(s, i));
            add(out, "MapWaitDone", mapWaitDone(s, i));
            add(out, "MapWaitInterrupted", mapWaitInterrupted(s, i));
            add(out, "DmaBufUnmapAttachment", dmaBufUnmapAttachment(s, i));
            add(out, "ImporterAddCallback", importerAddCallback(s, i));
            add(out, "ImporterRemoveCallback", importerRemoveCallback(s, i));
            add(out, "ImporterFenceCb", importerFenceCb(s, i));
        }
        for (String w : c.waiterList()) {
            add(out, "DmaFenceWait", dmaFenceWait(s, w));
            add(out, "DmaFenceWaitWake", dmaFenceWaitWake(s, w));
            add(out, "DmaFenceWaitInterrupted", dmaFenceWaitInterrupted(s, w));
            add(out, "DmaFenceWaitCb", dmaFenceWaitCb(s, w));
        }
        for (String r : c.readerList()) {
            add(out, "ProcFdLink", procFdLink(s, r));
            add(out, "DmaBufDname", dmaBufDname(s, r));
        }
        return out;
    }

    private static void add(List<Transition<LifetimeState>> out, String action, Optional<LifetimeState> t) {
        t.ifPresent(v -> out.add(new Transition<>(action, v)));
    }

    @Override
    public Map<String, TlaValue> encode(LifetimeState s) {
        return s.encode();
    }

    @Override
    public LifetimeState decode(Map<String, TlaValue> variables) {
        return LifetimeState.decode(variables);
    }

    // ---- operators

    /** Pinned(i): <= 6.14 from attach to detach, 6.15+ around each mapping (R9). */
    protected boolean pinned(LifetimeState s, String i) {
        String pc = s.ipc().get(i);
        return c.kernel().equals("6.2") ? pc.equals("attaching") || pc.equals("attached")
                : pc.equals("mapping") || pc.equals("mapped");
    }

    /** PutFence(underLock): the last put runs the release op, which may take fence->lock (B16). */
    protected void putFence(LifetimeState.Edit e, LifetimeState s, boolean underLock) {
        e.fenceRefs = s.fenceRefs() - 1;
        e.fenceLive = s.fenceRefs() > 1;
        e.releasedUnderLock = s.releasedUnderLock() || (s.fenceRefs() == 1 && underLock && c.releaseTakesFenceLock());
    }

    /** ReleaseBuffer: dma_buf_release; dma_resv_fini drops the reservation object's fence reference. */
    protected void releaseBuffer(LifetimeState.Edit e, LifetimeState s) {
        e.bufLive = false;
        if (s.resvRef()) {
            e.resvRef = false;
            putFence(e, s, false);
        }
    }

    private static Optional<LifetimeState> when(boolean guard, Supplier<LifetimeState> succ) {
        return guard ? Optional.of(succ.get()) : Optional.empty();
    }

    private static boolean is(Map<String, String> pc, String k, String v) {
        return pc.get(k).equals(v);
    }

    // ---- buffer references and release

    protected Optional<LifetimeState> closeFd(LifetimeState s) {
        return when(s.fdOpen(), () -> {
            LifetimeState.Edit e = s.edit();
            e.fdOpen = false;
            e.fileRefs = s.fileRefs() - 1;
            return e.build();
        });
    }

    protected Optional<LifetimeState> dmaBufGet(LifetimeState s, String i) {
        return when(is(s.ipc(), i, "idle") && s.fdOpen(), () -> {
            LifetimeState.Edit e = s.edit().ipc(i, "ref");
            e.fileRefs = s.fileRefs() + 1;
            return e.build();
        });
    }

    protected Optional<LifetimeState> dmaBufPut(LifetimeState s, String i) {
        return when(is(s.ipc(), i, "ref") || is(s.ipc(), i, "detached"), () -> {
            LifetimeState.Edit e = s.edit().ipc(i, "done");
            e.fileRefs = s.fileRefs() - 1;
            return e.build();
        });
    }

    protected Optional<LifetimeState> dmaBufFileRelease(LifetimeState s) {
        return when(s.fileLive() && s.fileRefs() == 0, () -> {
            LifetimeState.Edit e = s.edit();
            e.fileLive = false;
            e.onList = false;
            if (s.dentryRefs() == 0) {
                releaseBuffer(e, s);
            }
            return e.build();
        });
    }

    protected Optional<LifetimeState> procFdLink(LifetimeState s, String r) {
        return when(is(s.rpc(), r, "idle") && s.fdOpen(), () -> {
            LifetimeState.Edit e = s.edit();
            e.dentryRefs = s.dentryRefs() + 1;
            e.rpc.put(r, "path");
            return e.build();
        });
    }

    protected Optional<LifetimeState> dmaBufDname(LifetimeState s, String r) {
        return when(is(s.rpc(), r, "path"), () -> {
            LifetimeState.Edit e = s.edit();
            e.dentryRefs = s.dentryRefs() - 1;
            e.rpc.put(r, "done");
            if (s.dentryRefs() == 1 && !s.fileLive() && s.bufLive()) {
                releaseBuffer(e, s);
            }
            return e.build();
        });
    }

    // ---- attachments, pins, interrupted waits in attach and map

    protected Optional<LifetimeState> dmaBufAttach(LifetimeState s, String i) {
        return when(is(s.ipc(), i, "ref"), () -> {
            LifetimeState.Edit e = s.edit();
            e.attachments.add(i);
            if (c.kernel().equals("6.2")) {
                e.pins = s.pins() + 1;
                e.ipc(i, "attaching");
            } else {
                e.ipc(i, "attached");
            }
            return e.build();
        });
    }

    protected Optional<LifetimeState> attachWaitDone(LifetimeState s, String i) {
        return when(is(s.ipc(), i, "attaching") && s.signalled(), () -> s.edit().ipc(i, "attached").build());
    }

    protected Optional<LifetimeState> attachWaitInterrupted(LifetimeState s, String i) {
        return when(is(s.ipc(), i, "attaching") && !s.signalled(), () -> {
            LifetimeState.Edit e = s.edit().ipc(i, "detached");
            e.attachments.remove(i);
            e.pins = s.pins() - 1;
            return e.build();
        });
    }

    protected Optional<LifetimeState> dmaBufMapAttachment(LifetimeState s, String i) {
        return when(c.kernel().equals("6.15") && is(s.ipc(), i, "attached"), () -> {
            LifetimeState.Edit e = s.edit().ipc(i, "mapping");
            e.pins = s.pins() + 1;
            return e.build();
        });
    }

    protected Optional<LifetimeState> mapWaitDone(LifetimeState s, String i) {
        return when(is(s.ipc(), i, "mapping") && s.signalled(), () -> s.edit().ipc(i, "mapped").build());
    }

    protected Optional<LifetimeState> mapWaitInterrupted(LifetimeState s, String i) {
        return when(is(s.ipc(), i, "mapping") && !s.signalled(), () -> {
            LifetimeState.Edit e = s.edit().ipc(i, "attached");
            e.pins = s.pins() - 1;
            return e.build();
        });
    }

    protected Optional<LifetimeState> dmaBufUnmapAttachment(LifetimeState s, String i) {
        return when(is(s.ipc(), i, "mapped"), () -> {
            LifetimeState.Edit e = s.edit().ipc(i, "attached");
            e.pins = s.pins() - 1;
            return e.build();
        });
    }

    protected Optional<LifetimeState> dmaBufDetach(LifetimeState s, String i) {
        return when(is(s.ipc(), i, "attached") && (is(s.icb(), i, "none") || is(s.icb(), i, "ran")), () -> {
            LifetimeState.Edit e = s.edit().ipc(i, "detached");
            e.attachments.remove(i);
            e.pins = c.kernel().equals("6.2") ? s.pins() - 1 : s.pins();
            return e.build();
        });
    }

    protected Optional<LifetimeState> importerAddCallback(LifetimeState s, String i) {
        return when(is(s.ipc(), i, "attached") && is(s.icb(), i, "none") && !s.signalled() && !s.lockHeld(), () -> {
            LifetimeState.Edit e = s.edit();
            e.icb.put(i, "armed");
            e.fenceRefs = s.fenceRefs() + 1;
            return e.build();
        });
    }

    protected Optional<LifetimeState> importerRemoveCallback(LifetimeState s, String i) {
        return when(is(s.icb(), i, "armed") && !s.lockHeld(), () -> {
            LifetimeState.Edit e = s.edit();
            e.icb.put(i, "none");
            putFence(e, s, false);
            return e.build();
        });
    }

    protected Optional<LifetimeState> importerFenceCb(LifetimeState s, String i) {
        return when(is(s.icb(), i, "taken"), () -> {
            LifetimeState.Edit e = s.edit();
            e.icb.put(i, "ran");
            putFence(e, s, true);
            return e.build();
        });
    }

    // ---- poll() and its fence callback

    protected Optional<LifetimeState> dmaBufPoll(LifetimeState s) {
        return when(s.fdOpen() && s.pollCb().equals("none") && !s.signalled() && !s.lockHeld(), () -> {
            LifetimeState.Edit e = s.edit();
            e.pollCb = "armed";
            e.fileRefs = s.fileRefs() + 1;
            e.fenceRefs = s.fenceRefs() + 1;
            return e.build();
        });
    }

    protected Optional<LifetimeState> dmaBufPollCb(LifetimeState s) {
        return when(s.pollCb().equals("taken"), () -> {
            LifetimeState.Edit e = s.edit();
            e.pollCb = "none";
            e.fileRefs = s.fileRefs() - 1;
            putFence(e, s, true);
            return e.build();
        });
    }

    // ---- the fence: waiters, signal, callbacks, references

    protected Optional<LifetimeState> dmaFenceWait(LifetimeState s, String w) {
        return when(is(s.wpc(), w, "idle") && s.bufLive() && s.fenceLive() && !s.signalled() && !s.lockHeld(), () -> {
            LifetimeState.Edit e = s.edit();
            e.fenceRefs = s.fenceRefs() + 1;
            e.wpc.put(w, "sleeping");
            e.wcb.put(w, "armed");
            return e.build();
        });
    }

    protected Optional<LifetimeState> dmaFenceWaitWake(LifetimeState s, String w) {
        return when(is(s.wpc(), w, "sleeping") && is(s.wcb(), w, "ran") && !s.lockHeld(), () -> {
            LifetimeState.Edit e = s.edit();
            e.wpc.put(w, "done");
            putFence(e, s, false);
            return e.build();
        });
    }

    protected Optional<LifetimeState> dmaFenceWaitInterrupted(LifetimeState s, String w) {
        return when(is(s.wpc(), w, "sleeping") && is(s.wcb(), w, "armed") && !s.lockHeld(), () -> {
            LifetimeState.Edit e = s.edit();
            e.wpc.put(w, "done");
            e.wcb.put(w, "none");
            putFence(e, s, false);
            return e.build();
        });
    }

    protected Optional<LifetimeState> dmaFenceSignal(LifetimeState s) {
        return when(s.fenceLive() && !s.signalled() && !s.lockHeld(), () -> {
            LifetimeState.Edit e = s.edit();
            e.signalled = true;
            e.lockHeld = true;
            e.fenceRefs = s.fenceRefs() + 1;
            if (s.pollCb().equals("armed")) {
                e.pollCb = "taken";
            }
            e.wcb.replaceAll((w, v) -> v.equals("armed") ? "taken" : v);
            e.icb.replaceAll((i, v) -> v.equals("armed") ? "taken" : v);
            return e.build();
        });
    }

    protected Optional<LifetimeState> dmaFenceWaitCb(LifetimeState s, String w) {
        return when(is(s.wcb(), w, "taken"), () -> {
            LifetimeState.Edit e = s.edit();
            e.wcb.put(w, "ran");
            return e.build();
        });
    }

    protected Optional<LifetimeState> dmaFenceSignalDone(LifetimeState s) {
        boolean loopDone = !s.pollCb().equals("taken") && !s.wcb().containsValue("taken") && !s.icb().containsValue("taken");
        return when(s.lockHeld() && loopDone, () -> {
            LifetimeState.Edit e = s.edit();
            e.lockHeld = false;
            putFence(e, s, false);
            return e.build();
        });
    }

    protected Optional<LifetimeState> dmaResvDropSignalled(LifetimeState s) {
        return when(s.resvRef() && s.signalled(), () -> {
            LifetimeState.Edit e = s.edit();
            e.resvRef = false;
            putFence(e, s, false);
            return e.build();
        });
    }

    protected Optional<LifetimeState> producerPut(LifetimeState s) {
        return when(s.producerRef(), () -> {
            LifetimeState.Edit e = s.edit();
            e.producerRef = false;
            putFence(e, s, false);
            return e.build();
        });
    }
}
