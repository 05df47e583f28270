package org.dmabufspec.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dmabufspec.cli.report.SequenceDiagram.Change;
import org.dmabufspec.cli.report.SequenceDiagram.DiagramStep;
import org.dmabufspec.cli.report.SequenceDiagram.Lane;
import org.dmabufspec.cli.report.SequenceDiagram.Role;
import org.dmabufspec.trace.TraceEvent;

/**
 * The events of a trace up to its first divergent one as a sequence diagram: one importer lane
 * per thread, and exporter, fence and device lanes that the threads call into (exporter
 * callbacks into an importer are drawn from the exporter to the thread).
 */
public final class TraceDiagram {
    private TraceDiagram() {
    }

    public static SequenceDiagram of(String title, List<TraceEvent> window, long rejectedSeq, String note) {
        Set<String> threads = new LinkedHashSet<>();
        Set<Role> roles = new LinkedHashSet<>();
        List<String[]> ends = new ArrayList<>();
        for (TraceEvent e : window) {
            String thread = "thread:" + e.thread();
            threads.add(e.thread());
            Role role = role(e.op().wire());
            String other = role.text();
            if (role != Role.IMPORTER) {
                roles.add(role);
            }
            if (role == Role.IMPORTER) {
                ends.add(new String[] {thread, thread});
            } else if (e.op().wire().startsWith("importer.") && role == Role.EXPORTER) {
                ends.add(new String[] {other, thread});
            } else {
                ends.add(new String[] {thread, other});
            }
        }
        List<Lane> lanes = new ArrayList<>();
        threads.forEach(t -> lanes.add(new Lane("thread:" + t, "thread " + t, Role.IMPORTER)));
        for (Role r : List.of(Role.EXPORTER, Role.FENCE, Role.DEVICE)) {
            if (roles.contains(r)) {
                lanes.add(new Lane(r.text(), r.text(), r));
            }
        }
        List<DiagramStep> steps = new ArrayList<>();
        for (int i = 0; i < window.size(); i++) {
            TraceEvent e = window.get(i);
            boolean rejected = e.seq() == rejectedSeq;
            steps.add(new DiagramStep(i + 1, label(e), ends.get(i)[0], ends.get(i)[1], fields(e), rejected, rejected ? note : ""));
        }
        return new SequenceDiagram(title, lanes, steps, Optional.empty());
    }

    /** The lane kind of an op: who the calling thread calls into. */
    static Role role(String op) {
        if (op.equals("importer.device_access")) {
            return Role.DEVICE;
        }
        if (op.startsWith("exporter.") || op.startsWith("importer.") || op.equals("dma_buf_export")
                || op.equals("dma_buf_move_notify") || op.equals("dma_buf_invalidate_mappings")
                || op.equals("DMA_HEAP_IOCTL_ALLOC") || op.equals("UDMABUF_CREATE")) {
            return Role.EXPORTER;
        }
        if (op.startsWith("dma_fence_") || op.startsWith("DRM_IOCTL_VGEM_FENCE") || op.startsWith("SYNC_IOC")
                || op.endsWith("_SYNC_FILE") || op.equals("dma_resv_add_fence")) {
            return Role.FENCE;
        }
        return Role.IMPORTER;
    }

    /** The op with the object it is about: "dma_buf_map_attachment a2", "dma_fence_signal f1". */
    static String label(TraceEvent e) {
        String obj = first(e.attach(), e.fence(), e.syncFile(), e.buf());
        String result = e.succeeded() ? "" : " → " + e.result();
        return e.op().wire() + (obj == null ? "" : " " + obj) + result;
    }

    private static String first(String... s) {
        for (String x : s) {
            if (x != null) {
                return x;
            }
        }
        return null;
    }

    static List<Change> fields(TraceEvent e) {
        List<Change> out = new ArrayList<>();
        out.add(new Change("line", Long.toString(e.line())));
        out.add(new Change("seq", Long.toString(e.seq())));
        out.add(new Change("thread", e.thread()));
        add(out, "caller", e.caller());
        add(out, "buf", e.buf());
        add(out, "attach", e.attach());
        add(out, "dev", e.dev());
        add(out, "sgt", e.sgt());
        add(out, "fence", e.fence());
        add(out, "fences", e.fences());
        add(out, "sync_file", e.syncFile());
        add(out, "ctx", e.ctx());
        add(out, "cb", e.cb());
        if (e.args() != null) {
            for (Map.Entry<String, Object> a : e.args().entrySet()) {
                add(out, "args." + a.getKey(), a.getValue());
            }
        }
        add(out, "result", e.result());
        add(out, "ret", e.ret());
        add(out, "resv_held", e.resvHeld());
        return out;
    }

    private static void add(List<Change> out, String name, Object v) {
        if (v != null) {
            out.add(new Change(name, v.toString()));
        }
    }
}
