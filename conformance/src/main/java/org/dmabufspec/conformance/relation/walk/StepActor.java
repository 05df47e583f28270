package org.dmabufspec.conformance.relation.walk;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.attach.AttachConstants;
import org.dmabufspec.conformance.relation.attach.AttachState;

/**
 * Which importer (or buffer) a step of the DmaBufAttach relation belongs to. The relation labels a
 * step with the action's name only, so the parameter is read off what the step changed; a step
 * that changes nothing of its importer (a map refused with -EBUSY from the cache) is named by the
 * only importer whose pc enables it.
 */
final class StepActor {
    static final Set<String> BUFFER_ACTIONS = Set.of("DmaBufEvict", "DmaBufMove", "DmaFenceSignalMove",
            "DmaBufReleaseOldStorage");

    private final AttachConstants c;

    StepActor(AttachConstants c) {
        if (c.buffers().size() != 1) {
            throw new IllegalArgumentException("walks are over one-buffer models, not " + c.buffers());
        }
        this.c = c;
    }

    String of(Transition<AttachState> t, AttachState before) {
        AttachState after = t.successor();
        if (BUFFER_ACTIONS.contains(t.action())) {
            return c.buffers().iterator().next();
        }
        if (t.action().equals("ImporterDeviceAccess")) {
            return after.lastAccess().orElseThrow().importer();
        }
        if (t.action().equals("DmaBufMoveNotify")) {
            for (String a : before.walkTodo()) {
                if (!after.walkTodo().contains(a)) {
                    return a;
                }
            }
        }
        List<String> changed = new ArrayList<>();
        for (String a : c.importers()) {
            if (!importerView(before, a).equals(importerView(after, a))) {
                changed.add(a);
            }
        }
        if (changed.isEmpty()) {
            for (String a : c.importers()) {
                boolean free = !before.mapped().get(a);
                String pc = before.pc().get(a);
                if (t.action().equals("DmaBufMapAttachment") && pc.equals("locked") && free
                        || t.action().equals("DmaBufMapAttachment61") && pc.equals("attached") && free
                        && !c.dynamicImporters().contains(a) && !before.cached().get(a).equals(AttachState.NO_DIR)) {
                    changed.add(a);
                }
            }
        }
        if (changed.size() != 1) {
            throw new IllegalStateException("cannot tell whose step " + t.action() + " is: candidates " + changed);
        }
        return changed.get(0);
    }

    static List<Object> importerView(AttachState s, String a) {
        return List.of(s.pc().get(a), s.mapping().get(a), s.mapped().get(a), s.mapDir().get(a), s.cached().get(a),
                s.mapValid().get(a), s.mapReady().get(a), s.job().get(a), s.corePin().get(a), s.importerPin().get(a),
                s.importerOps().get(a));
    }
}
