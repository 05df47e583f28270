package org.dmabufspec.conformance.relation.walk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One mutated walk trace: what was changed, at which event (file order) and the events after the
 * change. Kinds: drop one event; swap two adjacent events of different threads whose intervals do
 * not overlap (each takes the other's interval); flip a result (0 to -EBUSY, -EBUSY to 0 with a
 * table) or a wait's remaining time (to 0: timed out); replace a map's direction.
 */
record Mutation(String kind, int index, String description, List<WalkEvent> events) {

    static List<Mutation> all(List<WalkEvent> ev) {
        List<Mutation> out = new ArrayList<>();
        MutationSites.dropsAndSwaps(ev, Mutation::new, out);
        for (int i = 0; i < ev.size(); i++) {
            WalkEvent e = ev.get(i);
            WalkEvent flipped;
            if (e.op().equals("dma_resv_wait_timeout")) {
                flipped = e.withResult("0", 0L);
            } else if (e.op().equals("dma_buf_export") || e.op().startsWith("exporter.") || e.op().startsWith("importer.")
                    || e.op().equals("dma_resv_unlock")) {
                continue;   // no errno to flip: callbacks, void functions
            } else if (e.succeeded()) {
                flipped = e.withResult("EBUSY", e.ret());
            } else {
                flipped = withSgt(e.withResult("0", e.ret()), "sg-flipped");
            }
            List<WalkEvent> m = new ArrayList<>(ev);
            m.set(i, flipped);
            out.add(new Mutation("flip", i, "flip " + e + " to " + flipped.result() + (flipped.ret() == null ? "" : " ret " + flipped.ret()), m));
        }
        for (int i = 0; i < ev.size(); i++) {
            WalkEvent e = ev.get(i);
            if (!e.op().startsWith("dma_buf_map_attachment") || e.arg("dir") == null) {
                continue;
            }
            for (String d : List.of("BIDIRECTIONAL", "TO_DEVICE", "FROM_DEVICE")) {
                if (!d.equals(e.arg("dir"))) {
                    List<WalkEvent> m = new ArrayList<>(ev);
                    m.set(i, e.withArg("dir", d));
                    out.add(new Mutation("dir", i, "map direction " + e.arg("dir") + " -> " + d + " in " + e, m));
                }
            }
        }
        return out;
    }

    private static WalkEvent withSgt(WalkEvent e, String sgt) {
        Map<String, String> ids = new LinkedHashMap<>(e.ids());
        ids.put("sgt", sgt);
        return new WalkEvent(e.thread(), e.start(), e.end(), e.op(), ids, e.args(), e.result(), e.ret(), e.resvHeld());
    }
}
