package org.dmabufspec.conformance.relation.device;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.device.DeviceAccessState.Access;
import org.dmabufspec.conformance.relation.device.DeviceAccessState.Edit;
import org.dmabufspec.conformance.relation.device.DeviceAccessState.Slot;
import org.dmabufspec.tlc.TlaValue;

/**
 * specs/tla/DmaBufDeviceAccess.tla's Init and Next in Java, one method per action with the
 * action's name; each adds its successors (none when the guard is false). MCDmaBufDeviceAccess
 * adds no variables or actions, only constants. The actions are public because
 * DmaBufCpuDeviceAccess extends this spec: its relation wraps each of them as the spec does.
 */
public final class DmaBufDeviceAccessRelation implements SpecRelation<DeviceAccessState> {
    static final String NO_REGION = "noregion";
    static final String NO_DIR = "nodir";
    static final String NO_KIND = "nokind";
    static final String NO_SLOT = "noslot";
    static final String NO_BUF = "nobuf";
    static final String FREE = "free";
    static final List<String> KINDS = List.of("read", "write");

    private final DeviceAccessConstants c;
    private final DeviceAccessCodec codec;

    public DmaBufDeviceAccessRelation(DeviceAccessConstants constants) {
        this.c = constants;
        this.codec = new DeviceAccessCodec(constants.modelValues());
    }

    // ---- helpers, named as in the spec -----------------------------------------------------

    private String buf(String a) {
        return c.importerBuf().get(a);
    }

    private boolean dynamic(String a) {
        return c.dynamicImporters().contains(a);
    }

    private List<Slot> mapsOf(String a) {
        return c.slots().stream().map(s -> new Slot(a, s)).toList();
    }

    private List<Slot> jobsOf(String a) {
        return c.jobSlots().stream().map(j -> new Slot(a, j)).toList();
    }

    private List<Slot> allMaps() {
        return c.importers().stream().flatMap(a -> mapsOf(a).stream()).toList();
    }

    private List<Slot> allJobs() {
        return c.importers().stream().flatMap(a -> jobsOf(a).stream()).toList();
    }

    private static boolean mapped(DeviceAccessState s, Slot m) {
        return !s.mapRegion().get(m).equals(NO_REGION);
    }

    private static boolean running(DeviceAccessState s, Slot j) {
        return !s.jobRegion().get(j).equals(NO_REGION);
    }

    private boolean locked(DeviceAccessState s, String b) {
        return c.exporters().stream().anyMatch(e -> s.expBuf().get(e).equals(b));
    }

    private boolean pinned(DeviceAccessState s, String b) {
        return allMaps().stream().anyMatch(m -> buf(m.importer()).equals(b) && !dynamic(m.importer()) && mapped(s, m));
    }

    private static boolean kernelFencesSignalled(DeviceAccessState s, String b) {
        return !s.moveFence().get(b).equals("pending");
    }

    private static Set<String> dirKinds(String d) {
        return switch (d) {
            case "TO_DEVICE" -> Set.of("read");
            case "FROM_DEVICE" -> Set.of("write");
            default -> Set.copyOf(KINDS);
        };
    }

    private static Set<String> translationKinds(DeviceAccessState s, Slot m) {
        Set<String> k = dirKinds(s.mapDir().get(m));
        if (s.pteWrites().get(m)) {
            return k;
        }
        return k.contains("read") ? Set.of("read") : Set.of();
    }

    private Set<String> freeRegions(DeviceAccessState s) {
        Set<String> out = new LinkedHashSet<>();
        for (String r : c.regions()) {
            if (s.storage().get(r).equals(FREE)
                    && c.buffers().stream().noneMatch(b -> s.placement().get(b).equals(r))
                    && c.exporters().stream().noneMatch(e -> s.expTarget().get(e).equals(r))) {
                out.add(r);
            }
        }
        return out;
    }

    private boolean jobsDoneOn(DeviceAccessState s, String a, String r) {
        return jobsOf(a).stream().noneMatch(j -> s.jobRegion().get(j).equals(r));
    }

    // ---- Init ----------------------------------------------------------------------------------

    @Override
    public Optional<Set<DeviceAccessState>> initialStates() {
        Map<String, Set<String>> attachments = new HashMap<>();
        c.buffers().forEach(b -> attachments.put(b, Set.of()));
        Map<Slot, String> noRegion = new HashMap<>();
        Map<Slot, String> noDir = new HashMap<>();
        Map<Slot, Boolean> no = new HashMap<>();
        Map<Slot, String> noPte = new HashMap<>();
        for (Slot m : allMaps()) {
            noRegion.put(m, NO_REGION);
            noDir.put(m, NO_DIR);
            no.put(m, false);
            noPte.put(m, "none");
        }
        Map<Slot, String> jobRegion = new HashMap<>();
        Map<Slot, String> jobKind = new HashMap<>();
        for (Slot j : allJobs()) {
            jobRegion.put(j, NO_REGION);
            jobKind.put(j, NO_KIND);
        }
        Map<String, String> storage = new HashMap<>();
        c.regions().forEach(r -> storage.put(r, FREE));
        c.initPlacement().forEach((b, r) -> storage.put(r, b));
        Map<String, String> perBuf = new HashMap<>();
        Map<String, String> noneFence = new HashMap<>();
        Map<String, Set<Slot>> noSlots = new HashMap<>();
        for (String b : c.buffers()) {
            perBuf.put(b, NO_REGION);
            noneFence.put(b, "none");
            noSlots.put(b, Set.of());
        }
        Map<String, String> expBuf = new HashMap<>();
        Map<String, String> expTarget = new HashMap<>();
        Map<String, Set<String>> walkTodo = new HashMap<>();
        for (String e : c.exporters()) {
            expBuf.put(e, NO_BUF);
            expTarget.put(e, NO_REGION);
            walkTodo.put(e, Set.of());
        }
        return Optional.of(Set.of(new DeviceAccessState(attachments, noRegion, noDir, no, noPte, no, no, jobRegion,
                jobKind, c.initPlacement(), storage, noneFence, perBuf, noSlots, noSlots, expBuf, expTarget, walkTodo,
                Optional.empty())));
    }

    // ---- Next ----------------------------------------------------------------------------------

    @Override
    public List<Transition<DeviceAccessState>> next(DeviceAccessState s) {
        List<Transition<DeviceAccessState>> out = new ArrayList<>();
        for (String a : c.importers()) {
            dmaBufAttach(s, a, out);
            dmaBufDetach(s, a, out);
            for (String slot : c.slots()) {
                Slot m = new Slot(a, slot);
                for (String dir : c.mapDirs()) {
                    dmaBufMapAttachment(s, m, dir, out);
                }
                importerBindPtes(s, m, out);
                importerZapPtes(s, m, out);
                tlbFlushComplete(s, m, out);
                dmaBufUnmapAttachment(s, m, out);
                for (String k : KINDS) {
                    deviceTranslationAccess(s, m, k, out);
                    for (String js : c.jobSlots()) {
                        importerSubmitJob(s, new Slot(a, js), m, k, out);
                    }
                }
            }
            for (Slot j : jobsOf(a)) {
                deviceJobAccess(s, j, out);
                dmaFenceSignalJob(s, j, out);
            }
        }
        for (String e : c.exporters()) {
            for (String b : c.buffers()) {
                dmaBufEvict(s, e, b, out);
            }
            for (String a : c.importers()) {
                dmaBufMoveNotify(s, e, a, out);
            }
            dmaBufMove(s, e, out);
        }
        for (String b : c.buffers()) {
            dmaFenceSignalMove(s, b, out);
            dmaBufReleaseOldStorage(s, b, out);
        }
        return out;
    }

    private static void add(List<Transition<DeviceAccessState>> out, String action, Edit e) {
        out.add(new Transition<>(action, e.done()));
    }

    public void dmaBufAttach(DeviceAccessState s, String a, List<Transition<DeviceAccessState>> out) {
        String b = buf(a);
        if (s.attachments().get(b).contains(a) || locked(s, b)) {
            return;
        }
        Edit e = s.edit();
        Set<String> list = new HashSet<>(s.attachments().get(b));
        list.add(a);
        e.attachments.put(b, list);
        add(out, "DmaBufAttach", e);
    }

    public void dmaBufDetach(DeviceAccessState s, String a, List<Transition<DeviceAccessState>> out) {
        String b = buf(a);
        if (!s.attachments().get(b).contains(a) || locked(s, b) || mapsOf(a).stream().anyMatch(m -> mapped(s, m))) {
            return;
        }
        Edit e = s.edit();
        Set<String> list = new HashSet<>(s.attachments().get(b));
        list.remove(a);
        e.attachments.put(b, list);
        add(out, "DmaBufDetach", e);
    }

    public void dmaBufMapAttachment(DeviceAccessState s, Slot m, String dir, List<Transition<DeviceAccessState>> out) {
        String a = m.importer();
        String b = buf(a);
        if (!s.attachments().get(b).contains(a) || locked(s, b) || mapped(s, m)
                || (!dynamic(a) && !kernelFencesSignalled(s, b))) {
            return;
        }
        Edit e = s.edit();
        e.mapRegion.put(m, s.placement().get(b));
        e.mapDir.put(m, dir);
        e.mapValid.put(m, true);
        e.pte.put(m, dynamic(a) ? "none" : "present");
        e.pteWrites.put(m, !dynamic(a));
        add(out, "DmaBufMapAttachment", e);
    }

    public void importerBindPtes(DeviceAccessState s, Slot m, List<Transition<DeviceAccessState>> out) {
        String a = m.importer();
        if (!dynamic(a) || !mapped(s, m) || !s.mapValid().get(m) || !s.pte().get(m).equals("none")
                || locked(s, buf(a)) || !kernelFencesSignalled(s, buf(a))) {
            return;
        }
        Edit e = s.edit();
        e.pte.put(m, "present");
        e.pteWrites.put(m, true);
        add(out, "ImporterBindPtes", e);
    }

    public void importerSubmitJob(DeviceAccessState s, Slot j, Slot m, String k, List<Transition<DeviceAccessState>> out) {
        String a = m.importer();
        String b = buf(a);
        if (!s.attachments().get(b).contains(a) || running(s, j) || !mapped(s, m) || !s.mapValid().get(m)
                || !s.pte().get(m).equals("present") || !dirKinds(s.mapDir().get(m)).contains(k) || locked(s, b)
                || !kernelFencesSignalled(s, b)) {
            return;
        }
        Edit e = s.edit();
        e.jobRegion.put(j, s.mapRegion().get(m));
        e.jobKind.put(j, k);
        add(out, "ImporterSubmitJob", e);
    }

    public void importerZapPtes(DeviceAccessState s, Slot m, List<Transition<DeviceAccessState>> out) {
        if (!s.pte().get(m).equals("present") || locked(s, buf(m.importer()))) {
            return;
        }
        Edit e = s.edit();
        e.pte.put(m, "zapped");
        e.mapValid.put(m, false);
        e.flushInResv.put(m, true);
        add(out, "ImporterZapPtes", e);
    }

    public void tlbFlushComplete(DeviceAccessState s, Slot m, List<Transition<DeviceAccessState>> out) {
        if (!s.pte().get(m).equals("zapped")) {
            return;
        }
        Edit e = s.edit();
        e.pte.put(m, "none");
        e.pteWrites.put(m, false);
        e.flushInResv.put(m, false);
        for (String b : c.buffers()) {
            Set<Slot> w = new HashSet<>(s.moveWaitFlush().get(b));
            w.remove(m);
            e.moveWaitFlush.put(b, w);
        }
        add(out, "TlbFlushComplete", e);
    }

    public void dmaBufUnmapAttachment(DeviceAccessState s, Slot m, List<Transition<DeviceAccessState>> out) {
        String a = m.importer();
        if (!mapped(s, m) || !s.pte().get(m).equals("none") || !jobsDoneOn(s, a, s.mapRegion().get(m))
                || locked(s, buf(a))) {
            return;
        }
        Edit e = s.edit();
        e.mapRegion.put(m, NO_REGION);
        e.mapDir.put(m, NO_DIR);
        e.mapValid.put(m, false);
        add(out, "DmaBufUnmapAttachment", e);
    }

    public void dmaFenceSignalJob(DeviceAccessState s, Slot j, List<Transition<DeviceAccessState>> out) {
        if (!running(s, j)) {
            return;
        }
        Edit e = s.edit();
        e.jobRegion.put(j, NO_REGION);
        e.jobKind.put(j, NO_KIND);
        for (String b : c.buffers()) {
            Set<Slot> w = new HashSet<>(s.moveWaitJobs().get(b));
            w.remove(j);
            e.moveWaitJobs.put(b, w);
        }
        add(out, "DmaFenceSignalJob", e);
    }

    public void deviceJobAccess(DeviceAccessState s, Slot j, List<Transition<DeviceAccessState>> out) {
        if (!running(s, j)) {
            return;
        }
        Edit e = s.edit();
        e.lastAccess = Optional.of(new Access(j.importer(), s.jobRegion().get(j), s.jobKind().get(j), NO_SLOT));
        add(out, "DeviceJobAccess", e);
    }

    public void deviceTranslationAccess(DeviceAccessState s, Slot m, String k, List<Transition<DeviceAccessState>> out) {
        if (s.pte().get(m).equals("none") || !translationKinds(s, m).contains(k)) {
            return;
        }
        Edit e = s.edit();
        e.lastAccess = Optional.of(new Access(m.importer(), s.mapRegion().get(m), k, m.slot()));
        add(out, "DeviceTranslationAccess", e);
    }

    public void dmaBufEvict(DeviceAccessState s, String ex, String b, List<Transition<DeviceAccessState>> out) {
        if (!s.expBuf().get(ex).equals(NO_BUF) || locked(s, b) || !s.moveFence().get(b).equals("none")
                || pinned(s, b)) {
            return;
        }
        Set<String> todo = new HashSet<>();
        for (String a : s.attachments().get(b)) {
            if (dynamic(a)) {
                todo.add(a);
            }
        }
        for (String r : freeRegions(s)) {
            Edit e = s.edit();
            e.expTarget.put(ex, r);
            e.expBuf.put(ex, b);
            e.walkTodo.put(ex, todo);
            add(out, "DmaBufEvict", e);
        }
    }

    public void dmaBufMoveNotify(DeviceAccessState s, String ex, String a, List<Transition<DeviceAccessState>> out) {
        if (s.expBuf().get(ex).equals(NO_BUF) || !s.walkTodo().get(ex).contains(a)) {
            return;
        }
        Edit e = s.edit();
        Set<String> todo = new HashSet<>(s.walkTodo().get(ex));
        todo.remove(a);
        e.walkTodo.put(ex, todo);
        boolean readAndDiscard = c.readAndDiscardImporters().contains(a);
        for (Slot m : mapsOf(a)) {
            e.mapValid.put(m, false);
            if (readAndDiscard) {
                e.pteWrites.put(m, false);
            } else if (s.pte().get(m).equals("present")) {
                e.pte.put(m, "zapped");
                e.flushInResv.put(m, true);
            }
        }
        add(out, "DmaBufMoveNotify", e);
    }

    public void dmaBufMove(DeviceAccessState s, String ex, List<Transition<DeviceAccessState>> out) {
        String b = s.expBuf().get(ex);
        if (b.equals(NO_BUF) || !s.walkTodo().get(ex).isEmpty()) {
            return;
        }
        Edit e = s.edit();
        e.placement.put(b, s.expTarget().get(ex));
        e.moveFrom.put(b, s.placement().get(b));
        e.moveFence.put(b, "pending");
        Set<Slot> jobs = new HashSet<>();
        for (Slot j : allJobs()) {
            if (buf(j.importer()).equals(b) && running(s, j)) {
                jobs.add(j);
            }
        }
        Set<Slot> flushes = new HashSet<>();
        for (Slot m : allMaps()) {
            if (buf(m.importer()).equals(b) && s.pte().get(m).equals("zapped") && s.flushInResv().get(m)) {
                flushes.add(m);
            }
        }
        e.moveWaitJobs.put(b, jobs);
        e.moveWaitFlush.put(b, flushes);
        e.expBuf.put(ex, NO_BUF);
        e.expTarget.put(ex, NO_REGION);
        e.walkTodo.put(ex, Set.of());
        add(out, "DmaBufMove", e);
    }

    public void dmaFenceSignalMove(DeviceAccessState s, String b, List<Transition<DeviceAccessState>> out) {
        if (!s.moveFence().get(b).equals("pending") || !s.moveWaitJobs().get(b).isEmpty()
                || !s.moveWaitFlush().get(b).isEmpty()) {
            return;
        }
        Edit e = s.edit();
        e.moveFence.put(b, "signalled");
        e.storage.put(s.placement().get(b), b);
        add(out, "DmaFenceSignalMove", e);
    }

    public void dmaBufReleaseOldStorage(DeviceAccessState s, String b, List<Transition<DeviceAccessState>> out) {
        if (!s.moveFence().get(b).equals("signalled")) {
            return;
        }
        String from = s.moveFrom().get(b);
        if (c.kernelBehaviour().equals("7.1")
                && allMaps().stream().anyMatch(m -> buf(m.importer()).equals(b) && s.mapRegion().get(m).equals(from))) {
            return;
        }
        Edit e = s.edit();
        e.storage.put(from, FREE);
        e.moveFrom.put(b, NO_REGION);
        e.moveFence.put(b, "none");
        add(out, "DmaBufReleaseOldStorage", e);
    }

    // ---- encoding ------------------------------------------------------------------------------

    @Override
    public Map<String, TlaValue> encode(DeviceAccessState state) {
        return codec.encode(state);
    }

    @Override
    public DeviceAccessState decode(Map<String, TlaValue> variables) {
        return codec.decode(variables);
    }
}
