package org.dmabufspec.conformance.nativerun.kmod;

import static org.dmabufspec.conformance.nativerun.kmod.TraceMutation.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.dmabufspec.conformance.nativerun.ScenarioTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recorded module traces edited the way a broken core or importer would have produced them:
 * each mutant is rejected naming the rule it breaks, while its original is accepted (so the
 * rejection is caused by the edit alone).
 */
class KmodTraceMutationTest {
    @TempDir
    Path tmp;

    private KmodVerdict judge(ScenarioTrace t) {
        return new KmodJudge(tmp).judge(t);
    }

    private void originalAccepted(String scenario) {
        KmodVerdict v = judge(KmodFixtures.trace(scenario));
        assertTrue(v.accepted(), v.detail());
    }

    private void rejectedNaming(ScenarioTrace mutant, String rule) {
        KmodVerdict v = judge(mutant);
        assertFalse(v.accepted(), "mutant accepted: " + v.detail());
        assertTrue(v.brokenRules().contains(rule), "expected " + rule + ", the checker named " + v.brokenRules() + "\n" + v.detail());
    }

    @Test
    void evictionOfAMappedBufferWithoutTheZapIsRejectedAsR21() {
        String s = "kmod/R21-R22-mmap-fault-zap-move";
        originalAccepted(s);
        TraceMutation m = new TraceMutation(KmodFixtures.trace(s));
        m.first(op("unmap_mapping_range"), "unmap_mapping_range");
        rejectedNaming(m.remove(op("unmap_mapping_range")).build(), "R21");
    }

    @Test
    void faultMappingTheMovedBufferWithoutTheReservationLockIsRejectedAsR22() {
        String s = "kmod/R21-R22-mmap-fault-zap-move";
        originalAccepted(s);
        TraceMutation m = new TraceMutation(KmodFixtures.trace(s));
        ObjectNode fault = m.first(e -> op("exporter.vm_fault").test(e) && "GTT".equals(e.path("args").path("placement").asText()),
                "the fault after the move");
        fault.put("resv_held", false);
        rejectedNaming(m.build(), "R22");
    }

    @Test
    void moveOfTheBufferWhileStillVmappedIsRejectedAsR20() {
        // the first vunmap (and its exporter.vunmap) left out: the eviction after it moves a vmapped buffer
        String s = "kmod/R20-vmap-pins-against-move";
        originalAccepted(s);
        TraceMutation m = new TraceMutation(KmodFixtures.trace(s));
        ObjectNode vunmap = m.first(op("dma_buf_vunmap"), "dma_buf_vunmap");
        long seq = vunmap.get("seq").asLong();
        m.remove(e -> e == vunmap || (op("exporter.vunmap").test(e) && e.path("caller").asLong() == seq));
        rejectedNaming(m.build(), "R20");
    }

    @Test
    void moveNotifyDeliveredToTheStaticAttachmentIsRejected() {
        String s = "kmod/R6-kernel-fence-static-attach";
        originalAccepted(s);
        TraceMutation m = new TraceMutation(KmodFixtures.trace(s));
        ObjectNode cb = m.first(op("importer.move_notify"), "importer.move_notify");
        assertEquals("a2", cb.get("attach").asText(), "the recorded callback went to the dynamic attachment");
        cb.put("attach", "a1"); // a1 is the static importer's attachment
        rejectedNaming(m.build(), "R2");
    }

    @Test
    void mapReturningTheCachedTableForAnotherDirectionIsRejected() {
        String s = "kmod/R11-cache-sgt-mapping-ebusy";
        originalAccepted(s);
        TraceMutation m = new TraceMutation(KmodFixtures.trace(s));
        ObjectNode map = m.first(e -> "EBUSY".equals(e.path("result").asText()), "an -EBUSY map");
        assertEquals("FROM_DEVICE", map.path("args").path("dir").asText());
        map.put("result", 0);
        map.put("sgt", "s1"); // the TO_DEVICE table cached by the first map
        rejectedNaming(m.build(), "R11");
    }

    @Test
    void dynamicImporterTouchingItsOldMappingAfterTheMoveFenceSignalledIsRejected() {
        String s = "kmod/R4-move-notify-remap";
        originalAccepted(s);
        TraceMutation m = new TraceMutation(KmodFixtures.trace(s));
        ObjectNode reuse = m.first(op("exporter.reuse_storage"), "exporter.reuse_storage");
        ObjectNode access = m.first(op("importer.device_access"), "importer.device_access").deepCopy();
        assertEquals("s1", access.get("sgt").asText(), "the first access went through the pre-move table");
        // strictly after the reuse (overlapping intervals may take effect in either order)
        long at = reuse.get("end").asLong() + 1;
        access.put("start", at);
        access.put("end", at);
        m.insertAfter(reuse, access); // s1 was torn down in move_notify; its pages are reused
        rejectedNaming(m.build(), "ISOLATION");
    }

    @Test
    void evictionWithoutMoveNotifyInTheRaceIsRejected() {
        // the exporter thread's first eviction, minus dma_buf_move_notify and the callback it made;
        // the importer's unmap stays, so the buffer is unpinned and only the missing notify is wrong
        String s = "kmod/R4-move-notify-race";
        originalAccepted(s);
        TraceMutation m = new TraceMutation(KmodFixtures.trace(s));
        ObjectNode notify = m.first(op("dma_buf_move_notify"), "dma_buf_move_notify");
        ObjectNode callback = m.first(e -> "importer.move_notify".equals(e.path("op").asText())
                && e.path("caller").asLong() == notify.get("seq").asLong(), "importer.move_notify called by it");
        m.remove(e -> e == notify || e == callback);
        rejectedNaming(m.build(), "R4");
    }

    /**
     * A kernel that forgot the pin before a static importer's attach-time map: no exporter.pin,
     * no matching exporter.unpin at detach, and the exporter counts one pin fewer throughout.
     * exporter.map_dma_buf of a dynamic exporter for a static importer needs exporter.pin first (R9).
     */
    @Test
    void pinMissingBeforeTheStaticAttachMapIsRejected() {
        String s = "kmod/R9-static-importer-dynamic-exporter";
        originalAccepted(s);
        TraceMutation m = new TraceMutation(KmodFixtures.trace(s));
        m.first(op("exporter.pin"), "exporter.pin");
        m.remove(op("exporter.pin")).remove(op("exporter.unpin"));
        for (ObjectNode e : m.events()) {
            if (e.has("state")) {
                ObjectNode st = (ObjectNode) e.get("state");
                st.put("pin_count", Math.max(0, st.get("pin_count").asInt() - 1));
            }
        }
        rejectedNaming(m.build(), "R9");
    }

    @Test
    void pinMissingWithoutObservedStateIsRejectedNamingR9() {
        // with the pin-count observations stripped only the callbacks show the missing pin
        TraceMutation m = new TraceMutation(KmodFixtures.trace("kmod/R9-static-importer-dynamic-exporter"));
        m.remove(op("exporter.pin")).remove(op("exporter.unpin"));
        m.events().forEach(e -> e.remove("state"));
        rejectedNaming(m.build(), "R9");
    }

    @Test
    void detachKeepingTheCachedAttachTimeTableIsRejectedNamingR11() {
        // 6.2: dma_buf_detach must hand the table cached at attach back through exporter.unmap_dma_buf
        String s = "kmod/R9-static-importer-dynamic-exporter";
        originalAccepted(s);
        TraceMutation m = new TraceMutation(KmodFixtures.trace(s));
        m.remove(op("exporter.unmap_dma_buf"));
        rejectedNaming(m.build(), "R11");
    }

    @Test
    void dynamicImporterWithoutMoveNotifyMappedWithoutAPinIsRejectedNamingR9() {
        // CONFIG_DMABUF_MOVE_NOTIFY=n: dma_buf_map_attachment pins a dynamic importer's buffer per map
        String s = "kmod/R8-dynamic-importer-dynamic-exporter";
        originalAccepted(s);
        TraceMutation m = new TraceMutation(KmodFixtures.trace(s));
        long map = m.first(op("dma_buf_map_attachment"), "dma_buf_map_attachment").get("seq").asLong();
        long unmap = m.first(op("dma_buf_unmap_attachment"), "dma_buf_unmap_attachment").get("seq").asLong();
        m.remove(e -> (op("exporter.pin").test(e) && e.path("caller").asLong() == map)
                || (op("exporter.unpin").test(e) && e.path("caller").asLong() == unmap));
        m.events().forEach(e -> e.remove("state"));
        rejectedNaming(m.build(), "R9");
    }
}
