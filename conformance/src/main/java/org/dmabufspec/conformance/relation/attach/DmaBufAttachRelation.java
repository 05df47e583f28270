package org.dmabufspec.conformance.relation.attach;

import static org.dmabufspec.conformance.relation.attach.AttachState.FREE;
import static org.dmabufspec.conformance.relation.attach.AttachState.NO_BUF;
import static org.dmabufspec.conformance.relation.attach.AttachState.NO_DIR;
import static org.dmabufspec.conformance.relation.attach.AttachState.NO_HOLDER;
import static org.dmabufspec.conformance.relation.attach.AttachState.NO_REGION;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;

/**
 * specs/tla/DmaBufAttach.tla's Init and Next in Java, one method per action with the action's
 * name; each returns the successors (none when the guard is false). The MC modules
 * (MCDmaBufAttach, MCDmaBufAttach_Ind) add no variables or actions, only constants, fairness
 * and, for the inductive-invariant model, an Init that TLC enumerates.
 */
public final class DmaBufAttachRelation implements SpecRelation<AttachState> {
    static final Set<String> DIRS = Set.of("BIDIRECTIONAL", "TO_DEVICE", "FROM_DEVICE");

    private final AttachConstants c;
    private final boolean initIsPredicate;
    private final AttachStateCodec codec;

    /**
     * @param initIsPredicate true for IndSpec models: TLC enumerates the initial states
     */
    public DmaBufAttachRelation(AttachConstants constants, boolean initIsPredicate) {
        this.c = constants;
        this.initIsPredicate = initIsPredicate;
        this.codec = new AttachStateCodec(constants.modelValues());
    }

    public AttachConstants constants() {
        return c;
    }

    // ---- helpers, named as in the spec -----------------------------------------------------

    private String buf(String a) {
        return c.importerBuf().get(a);
    }

    private Set<String> attachmentsOf(String b) {
        Set<String> out = new LinkedHashSet<>();
        for (String a : c.importers()) {
            if (buf(a).equals(b)) {
                out.add(a);
            }
        }
        return out;
    }

    private boolean pinned(AttachState s, String b) {
        return attachmentsOf(b).stream().anyMatch(a -> s.corePin().get(a) || s.importerPin().get(a));
    }

    private static boolean kernelFencesSignalled(AttachState s, String b) {
        return !s.moveFence().get(b).equals("pending");
    }

    private Set<String> implicitSyncDeps(AttachState s, String a) {
        Set<String> out = new HashSet<>();
        String mine = c.importerUsage().get(a);
        if (mine.equals("bookkeep")) {
            return out;
        }
        for (String o : attachmentsOf(buf(a))) {
            String theirs = c.importerUsage().get(o);
            if (!o.equals(a) && s.job().get(o)
                    && (theirs.equals("write") || mine.equals("write") && theirs.equals("read"))) {
                out.add(o);
            }
        }
        return out;
    }

    private Set<String> writeFences(AttachState s, String a) {
        Set<String> out = new HashSet<>();
        for (String o : attachmentsOf(buf(a))) {
            if (!o.equals(a) && s.job().get(o) && c.importerUsage().get(o).equals("write")) {
                out.add(o);
            }
        }
        return out;
    }

    boolean sgtCaching() {
        return c.kernelBehaviour().equals("6.1") || c.kernelBehaviour().equals("6.2");
    }

    private boolean lockedConvention() {
        return !c.kernelBehaviour().equals("6.1");
    }

    private boolean mismatch(String a, boolean ops) {
        return ops != c.dynamicExporters().contains(buf(a));
    }

    private boolean pinOnMap(AttachState s, String a) {
        boolean dynamicExporter = c.dynamicExporters().contains(buf(a));
        return sgtCaching()
                ? dynamicExporter && !c.moveNotify()
                : dynamicExporter && (!s.importerOps().get(a) || !c.moveNotify());
    }

    private Set<String> mapDirs(String a) {
        return sgtCaching() && c.cacheSgtExporters().contains(buf(a)) ? DIRS : Set.of("BIDIRECTIONAL");
    }

    private Set<String> freeRegions(AttachState s) {
        Set<String> out = new LinkedHashSet<>();
        for (String r : c.regions()) {
            if (s.storage().get(r).equals(FREE) && !s.placement().containsValue(r)) {
                out.add(r);
            }
        }
        return out;
    }

    private boolean reachable(String a, String r) {
        return !c.vramRegions().contains(r) || c.peerToPeerImporters().contains(a);
    }

    private Set<String> moveTargets(AttachState s, String b) {
        Set<String> out = new LinkedHashSet<>();
        for (String r : freeRegions(s)) {
            if (attachmentsOf(b).stream().allMatch(a -> s.pc().get(a).equals("detached") || reachable(a, r))) {
                out.add(r);
            }
        }
        return out;
    }

    private boolean readAndDiscard(AttachState s, String a) {
        return c.kernelBehaviour().equals("7.1") && s.importerOps().get(a);
    }

    private boolean mayAccess(AttachState s, String a) {
        return s.mapped().get(a) && s.mapReady().get(a)
                && (s.mapValid().get(a) || s.job().get(a) || readAndDiscard(s, a));
    }

    private boolean restrictsPlacement(String a) {
        return !c.vramRegions().isEmpty() && !c.peerToPeerImporters().contains(a);
    }

    private static boolean lockFree(AttachState s, String b) {
        return s.holder().get(b).equals(NO_HOLDER);
    }

    // ---- Init ------------------------------------------------------------------------------

    @Override
    public Optional<Set<AttachState>> initialStates() {
        if (initIsPredicate) {
            return Optional.empty();
        }
        return Optional.of(Set.of(init()));
    }

    /** Init (storage is the unique function the spec's constraint allows). */
    AttachState init() {
        Map<String, String> storage = new HashMap<>();
        for (String r : c.regions()) {
            storage.put(r, FREE);
        }
        c.initPlacement().forEach((b, r) -> storage.put(r, b));
        return new AttachState(
                perBuffer(b -> NO_HOLDER), perBuffer(b -> Set.of()), perImporter(a -> false),
                perImporter(a -> "detached"), perImporter(a -> NO_REGION), perImporter(a -> false),
                perImporter(a -> NO_DIR), perImporter(a -> NO_DIR), perImporter(a -> false),
                perImporter(a -> false), perImporter(a -> false), perImporter(a -> false), perImporter(a -> false),
                c.initPlacement(), storage, perBuffer(b -> "none"), perBuffer(b -> NO_REGION),
                perBuffer(b -> Set.of()), "idle", NO_BUF, Set.of(), Set.of(), Optional.empty());
    }

    private <V> Map<String, V> perBuffer(Function<String, V> f) {
        Map<String, V> m = new HashMap<>();
        c.buffers().forEach(b -> m.put(b, f.apply(b)));
        return m;
    }

    private <V> Map<String, V> perImporter(Function<String, V> f) {
        Map<String, V> m = new HashMap<>();
        c.importers().forEach(a -> m.put(a, f.apply(a)));
        return m;
    }

    // ---- Next ------------------------------------------------------------------------------

    @Override
    public List<Transition<AttachState>> next(AttachState s) {
        List<Transition<AttachState>> out = new ArrayList<>();
        for (String a : c.importers()) {
            add(out, "DmaBufAttach", dmaBufAttach(s, a));
            add(out, "DmaBufAttachListAdd", dmaBufAttachListAdd(s, a));
            add(out, "DmaBufAttachCacheMap", dmaBufAttachCacheMap(s, a));
            add(out, "DmaBufDetach", dmaBufDetach(s, a));
            add(out, "DmaBufDetachListDel", dmaBufDetachListDel(s, a));
            add(out, "DmaResvLock", dmaResvLock(s, a));
            add(out, "DmaResvUnlock", dmaResvUnlock(s, a));
            add(out, "DmaBufMapAttachment", dmaBufMapAttachment(s, a));
            add(out, "DmaBufUnmapAttachment", dmaBufUnmapAttachment(s, a));
            add(out, "DmaBufPin", dmaBufPin(s, a));
            add(out, "DmaBufUnpin", dmaBufUnpin(s, a));
            add(out, "DmaBufMapAttachmentUnlocked", dmaBufMapAttachmentUnlocked(s, a));
            add(out, "DmaBufMapAttachmentUnlockedLocked", dmaBufMapAttachmentUnlockedLocked(s, a));
            add(out, "DmaBufMapAttachment61", dmaBufMapAttachment61(s, a));
            add(out, "ExporterMapCallbackLock", exporterMapCallbackLock(s, a));
            add(out, "DmaBufUnmapAttachmentUnlocked", dmaBufUnmapAttachmentUnlocked(s, a));
            add(out, "ImporterWaitFences", importerWaitFences(s, a));
            add(out, "ImporterSubmitJob", importerSubmitJob(s, a));
            add(out, "ImporterDeviceAccess", importerDeviceAccess(s, a));
            add(out, "DmaFenceSignalJob", dmaFenceSignalJob(s, a));
            add(out, "DmaBufMoveNotify", dmaBufMoveNotify(s, a));
        }
        for (String b : c.buffers()) {
            add(out, "DmaBufEvict", dmaBufEvict(s, b));
            add(out, "DmaBufMove", dmaBufMove(s, b));
            add(out, "DmaFenceSignalMove", dmaFenceSignalMove(s, b));
            add(out, "DmaBufReleaseOldStorage", dmaBufReleaseOldStorage(s, b));
        }
        return out;
    }

    private static void add(List<Transition<AttachState>> out, String action, List<AttachState> successors) {
        successors.forEach(t -> out.add(new Transition<>(action, t)));
    }

    private static List<AttachState> one(AttachState.Builder t) {
        t.lastAccess = Optional.empty();
        return List.of(t.build());
    }

    // CoreMap(a): the body of dma_buf_map_attachment() with the lock held; `base` carries the caller's other changes.
    private List<AttachState> coreMap(AttachState s, AttachState base, String a) {
        String b = buf(a);
        List<AttachState> out = new ArrayList<>();
        String cachedDir = s.cached().get(a);
        if (sgtCaching() && !cachedDir.equals(NO_DIR)) {
            for (String dir : mapDirs(a)) {
                AttachState.Builder t = base.next();
                if (cachedDir.equals(dir) || cachedDir.equals("BIDIRECTIONAL")) {
                    t.mapped.put(a, true);
                    t.mapDir.put(a, dir);
                    t.mapValid.put(a, true);
                    t.mapReady.put(a, !s.importerOps().get(a));
                }   // else -EBUSY: nothing changes
                out.add(t.build());
            }
            return out;
        }
        if (!(s.importerOps().get(a) || kernelFencesSignalled(s, b))) {
            return out;
        }
        for (String dir : mapDirs(a)) {
            AttachState.Builder t = base.next();
            t.mapping.put(a, s.placement().get(b));
            t.mapped.put(a, true);
            t.mapDir.put(a, dir);
            t.cached.put(a, sgtCaching() && c.cacheSgtExporters().contains(b) ? dir : NO_DIR);
            t.mapValid.put(a, true);
            t.mapReady.put(a, !s.importerOps().get(a));
            t.corePin.put(a, s.corePin().get(a) || pinOnMap(s, a));
            out.add(t.build());
        }
        return out;
    }

    // CoreUnmap(a): the body of dma_buf_unmap_attachment().
    private void coreUnmap(AttachState s, AttachState.Builder t, String a) {
        t.mapped.put(a, false);
        t.mapDir.put(a, NO_DIR);
        t.mapValid.put(a, false);
        t.mapReady.put(a, false);
        if (!(sgtCaching() && !s.cached().get(a).equals(NO_DIR))) {
            t.mapping.put(a, NO_REGION);
            t.corePin.put(a, s.corePin().get(a) && !pinOnMap(s, a));
        }
    }

    /** lastAccess' = NoAccess on a state already built. */
    private static AttachState noAccess(AttachState s) {
        AttachState.Builder t = s.next();
        t.lastAccess = Optional.empty();
        return t.build();
    }

    // DmaBufAttach(a): dma_buf_attach entry, ops->attach unlocked.
    List<AttachState> dmaBufAttach(AttachState s, String a) {
        String b = buf(a);
        if (!s.pc().get(a).equals("detached") || !s.mapping().get(a).equals(NO_REGION)
                || !reachable(a, s.placement().get(b)) || restrictsPlacement(a) && !lockFree(s, b)) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.pc.put(a, "attach");
        return one(t);
    }

    // AttachListAddLocked(a, ops): list_add under the resv; <= 6.14 a mismatched pair goes on to "attach_map".
    List<AttachState> attachListAddLocked(AttachState s, String a, boolean ops) {
        if (!s.pc().get(a).equals("attach")) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.attachment(buf(a), a, true);
        t.importerOps.put(a, ops);
        t.pc.put(a, sgtCaching() && mismatch(a, ops) ? "attach_map" : "attached");
        return one(t);
    }

    // DmaBufAttachListAdd(a)
    List<AttachState> dmaBufAttachListAdd(AttachState s, String a) {
        if (!lockFree(s, buf(a))) {
            return List.of();
        }
        return attachListAddLocked(s, a, c.dynamicImporters().contains(a));
    }

    // DmaBufAttachCacheMap(a) = AttachCacheMapLocked(a) with the lock free: pin + BIDIRECTIONAL map cached as attach->sgt.
    List<AttachState> dmaBufAttachCacheMap(AttachState s, String a) {
        String b = buf(a);
        if (!lockFree(s, b) || !s.pc().get(a).equals("attach_map")
                || !(s.importerOps().get(a) || kernelFencesSignalled(s, b))) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.corePin.put(a, c.dynamicExporters().contains(b));
        t.mapping.put(a, s.placement().get(b));
        t.cached.put(a, "BIDIRECTIONAL");
        t.pc.put(a, "attached");
        return one(t);
    }

    // DmaBufDetach(a): dma_buf_detach entry once every mapping, job and own pin is gone.
    List<AttachState> dmaBufDetach(AttachState s, String a) {
        if (!s.pc().get(a).equals("attached") || s.mapped().get(a) || s.job().get(a) || s.importerPin().get(a)) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.pc.put(a, "detach");
        return one(t);
    }

    // DmaBufDetachListDel(a) = DetachListDelLocked(a) with the lock free.
    List<AttachState> dmaBufDetachListDel(AttachState s, String a) {
        String b = buf(a);
        if (!lockFree(s, b) || !s.pc().get(a).equals("detach")) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        if (!s.cached().get(a).equals(NO_DIR)) {
            t.mapping.put(a, NO_REGION);
            t.cached.put(a, NO_DIR);
            if (c.dynamicExporters().contains(b)) {
                t.corePin.put(a, false);
            }
        }
        t.attachment(b, a, false);
        t.importerOps.put(a, false);
        t.pc.put(a, "detached");
        return one(t);
    }

    // DmaResvLock(a): a dynamic importer takes the resv itself.
    List<AttachState> dmaResvLock(AttachState s, String a) {
        String b = buf(a);
        if (!c.dynamicImporters().contains(a) || !s.pc().get(a).equals("attached") || !lockFree(s, b)) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.holder.put(b, a);
        t.pc.put(a, "locked");
        return one(t);
    }

    // DmaResvUnlock(a)
    List<AttachState> dmaResvUnlock(AttachState s, String a) {
        if (!s.pc().get(a).equals("locked")) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.holder.put(buf(a), NO_HOLDER);
        t.pc.put(a, "attached");
        return one(t);
    }

    // DmaBufMapAttachment(a): with the lock held.
    List<AttachState> dmaBufMapAttachment(AttachState s, String a) {
        if (!s.pc().get(a).equals("locked") || s.mapped().get(a)) {
            return List.of();
        }
        return coreMap(s, noAccess(s), a);
    }

    // DmaBufUnmapAttachment(a): with the lock held, own job done.
    List<AttachState> dmaBufUnmapAttachment(AttachState s, String a) {
        if (!s.pc().get(a).equals("locked") || !s.mapped().get(a) || s.job().get(a)) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        coreUnmap(s, t, a);
        return one(t);
    }

    // DmaBufPin(a)
    List<AttachState> dmaBufPin(AttachState s, String a) {
        if (!s.pc().get(a).equals("locked") || !s.importerOps().get(a) || s.importerPin().get(a)) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.importerPin.put(a, true);
        return one(t);
    }

    // DmaBufUnpin(a)
    List<AttachState> dmaBufUnpin(AttachState s, String a) {
        if (!s.pc().get(a).equals("locked") || !s.importerPin().get(a)) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.importerPin.put(a, false);
        return one(t);
    }

    // DmaBufMapAttachmentUnlocked(a): 6.2+ entry of dma_buf_map_attachment_unlocked.
    List<AttachState> dmaBufMapAttachmentUnlocked(AttachState s, String a) {
        if (!lockedConvention() || c.dynamicImporters().contains(a) || !s.pc().get(a).equals("attached")
                || s.mapped().get(a)) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.pc.put(a, "map_unlocked");
        return one(t);
    }

    // DmaBufMapAttachmentUnlockedLocked(a): lock; map; unlock.
    List<AttachState> dmaBufMapAttachmentUnlockedLocked(AttachState s, String a) {
        if (!s.pc().get(a).equals("map_unlocked") || !lockFree(s, buf(a))) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.pc.put(a, "attached");
        t.lastAccess = Optional.empty();
        return coreMap(s, t.build(), a);
    }

    // DmaBufMapAttachment61(a): pre-6.2 static importer map, no lock asserted.
    List<AttachState> dmaBufMapAttachment61(AttachState s, String a) {
        if (!c.kernelBehaviour().equals("6.1") || c.dynamicImporters().contains(a)
                || !s.pc().get(a).equals("attached") || s.mapped().get(a)) {
            return List.of();
        }
        if (!s.cached().get(a).equals(NO_DIR)) {
            return coreMap(s, noAccess(s), a);
        }
        AttachState.Builder t = s.next();
        t.pc.put(a, "exp_cb_lock");
        return one(t);
    }

    // ExporterMapCallbackLock(a): the exporter's map_dma_buf locks the resv itself (6.1).
    List<AttachState> exporterMapCallbackLock(AttachState s, String a) {
        if (!s.pc().get(a).equals("exp_cb_lock") || !lockFree(s, buf(a))) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.pc.put(a, "attached");
        t.lastAccess = Optional.empty();
        return coreMap(s, t.build(), a);
    }

    // DmaBufUnmapAttachmentUnlocked(a): one locked section.
    List<AttachState> dmaBufUnmapAttachmentUnlocked(AttachState s, String a) {
        if (c.dynamicImporters().contains(a) || !s.pc().get(a).equals("attached") || !s.mapped().get(a)
                || s.job().get(a) || !lockFree(s, buf(a))) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        coreUnmap(s, t, a);
        return one(t);
    }

    // ImporterWaitFences(a): a dynamic importer waits for KERNEL and write fences before using a new mapping.
    List<AttachState> importerWaitFences(AttachState s, String a) {
        if (!c.dynamicImporters().contains(a) || !s.mapped().get(a) || s.mapReady().get(a)
                || !kernelFencesSignalled(s, buf(a)) || !writeFences(s, a).isEmpty()) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.mapReady.put(a, true);
        return one(t);
    }

    // ImporterSubmitJob(a): device work published as a job fence.
    List<AttachState> importerSubmitJob(AttachState s, String a) {
        String b = buf(a);
        String holder = s.holder().get(b);
        String pc = s.pc().get(a);
        if (!(pc.equals("attached") || pc.equals("locked")) || !(holder.equals(NO_HOLDER) || holder.equals(a))
                || !(s.mapped().get(a) && s.mapReady().get(a) && s.mapValid().get(a)) || s.job().get(a)
                || !kernelFencesSignalled(s, b) || !implicitSyncDeps(s, a).isEmpty()) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.job.put(a, true);
        return one(t);
    }

    // ImporterDeviceAccess(a): the device touches the storage its mapping points to.
    List<AttachState> importerDeviceAccess(AttachState s, String a) {
        if (!mayAccess(s, a)) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.lastAccess = Optional.of(new AttachState.DeviceAccess(a, s.mapping().get(a)));
        return List.of(t.build());
    }

    // DmaFenceSignalJob(a)
    List<AttachState> dmaFenceSignalJob(AttachState s, String a) {
        if (!s.job().get(a)) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.job.put(a, false);
        for (String b : c.buffers()) {
            Set<String> w = new HashSet<>(s.moveWaits().get(b));
            w.remove(a);
            t.moveWaits.put(b, w);
        }
        return one(t);
    }

    // DmaBufMoveNotify(a): one node of the move_notify walk, calling ImporterMoveNotify(a).
    List<AttachState> dmaBufMoveNotify(AttachState s, String a) {
        if (!s.expPc().equals("notify") || !s.walkTodo().contains(a)) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        Set<String> todo = new HashSet<>(s.walkTodo());
        todo.remove(a);
        t.walkTodo = todo;
        t.mapValid.put(a, false);
        t.lastAccess = Optional.empty();
        List<AttachState> out = new ArrayList<>();
        out.add(t.build());   // UNCHANGED job: unfenced access stopped at once
        if (s.mapped().get(a) && s.mapReady().get(a) && s.mapValid().get(a) && !s.job().get(a)) {
            t.job.put(a, true);   // or a fence for access it cannot stop
            out.add(t.build());
        }
        return out;
    }

    // DmaBufEvict(b): lock, refuse while pinned, snapshot the walk.
    List<AttachState> dmaBufEvict(AttachState s, String b) {
        if (!s.expPc().equals("idle") || !c.dynamicExporters().contains(b) || !lockFree(s, b)
                || !s.moveFence().get(b).equals("none") || pinned(s, b) || moveTargets(s, b).isEmpty()) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.holder.put(b, c.exporter());
        t.expPc = "notify";
        t.expBuf = b;
        t.walkSnapshot = s.attachments().get(b);
        Set<String> todo = new HashSet<>();
        for (String a : s.attachments().get(b)) {
            if (s.importerOps().get(a)) {
                todo.add(a);
            }
        }
        t.walkTodo = todo;
        return one(t);
    }

    // DmaBufMove(b): new placement, KERNEL move fence waiting for the jobs, unlock.
    List<AttachState> dmaBufMove(AttachState s, String b) {
        if (!s.expPc().equals("notify") || !s.expBuf().equals(b) || !s.walkTodo().isEmpty()) {
            return List.of();
        }
        List<AttachState> out = new ArrayList<>();
        for (String r : moveTargets(s, b)) {
            AttachState.Builder t = s.next();
            t.placement.put(b, r);
            t.moveFrom.put(b, s.placement().get(b));
            t.moveFence.put(b, "pending");
            Set<String> waits = new HashSet<>();
            for (String a : attachmentsOf(b)) {
                if (s.job().get(a)) {
                    waits.add(a);
                }
            }
            t.moveWaits.put(b, waits);
            t.holder.put(b, NO_HOLDER);
            t.expPc = "idle";
            t.expBuf = NO_BUF;
            t.walkSnapshot = Set.of();
            t.walkTodo = Set.of();
            out.addAll(one(t));
        }
        return out;
    }

    // DmaFenceSignalMove(b): the copy is done, the new storage holds the buffer.
    List<AttachState> dmaFenceSignalMove(AttachState s, String b) {
        if (!s.moveFence().get(b).equals("pending") || !s.moveWaits().get(b).isEmpty()) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.moveFence.put(b, "signalled");
        t.storage.put(s.placement().get(b), b);
        return one(t);
    }

    // DmaBufReleaseOldStorage(b): old storage freed after the move fence (7.1: and the unmaps).
    List<AttachState> dmaBufReleaseOldStorage(AttachState s, String b) {
        if (!s.moveFence().get(b).equals("signalled")) {
            return List.of();
        }
        if (c.kernelBehaviour().equals("7.1")
                && attachmentsOf(b).stream().anyMatch(a -> s.mapping().get(a).equals(s.moveFrom().get(b)))) {
            return List.of();
        }
        AttachState.Builder t = s.next();
        t.storage.put(s.moveFrom().get(b), FREE);
        t.moveFrom.put(b, NO_REGION);
        t.moveFence.put(b, "none");
        return one(t);
    }

    // ---- values ----------------------------------------------------------------------------

    @Override
    public Map<String, TlaValue> encode(AttachState state) {
        return codec.encode(state);
    }

    @Override
    public AttachState decode(Map<String, TlaValue> variables) {
        return codec.decode(variables);
    }
}
