package org.dmabufspec.conformance.relation.attach;

import static org.dmabufspec.conformance.relation.attach.AttachFixtures.cacheSgtExporter;
import static org.dmabufspec.conformance.relation.attach.AttachFixtures.dynamicExporter;
import static org.dmabufspec.conformance.relation.attach.AttachFixtures.enabled;
import static org.dmabufspec.conformance.relation.attach.AttachFixtures.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Scenarios of DmaBufAttach.tla, each a kernel rule, replayed on the Java relation. */
class DmaBufAttachRelationTest {

    /** s1 (static) attaches to the dynamic exporter b1 up to the end of list_add. */
    private static AttachState listedStaticImporter(DmaBufAttachRelation r) {
        AttachState s = only(r.dmaBufAttach(r.init(), "s1"));
        return only(r.dmaBufAttachListAdd(s, "s1"));
    }

    @Test
    void staticImporterOn62IsListedButUnpinnedUntilTheSecondLockedSection() {
        DmaBufAttachRelation r = dynamicExporter("6.2");
        AttachState listed = listedStaticImporter(r);
        assertEquals("attach_map", listed.pc().get("s1"));
        assertEquals(Set.of("s1"), listed.attachments().get("b1"));
        assertFalse(listed.corePin().get("s1"));
        // the window: nothing pins b1 yet, so an eviction may lock it and walk the list
        assertTrue(enabled(r, listed).contains("DmaBufEvict"), enabled(r, listed).toString());

        AttachState mapped = only(r.dmaBufAttachCacheMap(listed, "s1"));
        assertEquals("attached", mapped.pc().get("s1"));
        assertTrue(mapped.corePin().get("s1"));
        assertEquals("BIDIRECTIONAL", mapped.cached().get("s1"));
        assertEquals("r1", mapped.mapping().get("s1"));
        assertFalse(enabled(r, mapped).contains("DmaBufEvict"), "R7: a pinned buffer is not evicted");
    }

    @Test
    void attachCacheMapWaitsWhileAnEvictionHoldsTheLock() {
        DmaBufAttachRelation r = dynamicExporter("6.2");
        AttachState evicting = only(r.dmaBufEvict(listedStaticImporter(r), "b1"));
        assertEquals("exporter", evicting.holder().get("b1"));
        assertEquals(List.of(), r.dmaBufAttachCacheMap(evicting, "s1"));
    }

    @Test
    void staticImportersAttachTimeMapWaitsForTheKernelMoveFence() {
        DmaBufAttachRelation r = dynamicExporter("6.2");
        AttachState evicting = only(r.dmaBufEvict(listedStaticImporter(r), "b1"));
        AttachState moved = only(r.dmaBufMove(evicting, "b1"));
        assertEquals("pending", moved.moveFence().get("b1"));
        assertEquals(List.of(), r.dmaBufAttachCacheMap(moved, "s1"), "R6: __map_dma_buf waits for KERNEL fences");

        AttachState copied = only(r.dmaFenceSignalMove(moved, "b1"));
        AttachState mapped = only(r.dmaBufAttachCacheMap(copied, "s1"));
        assertEquals("r2", mapped.mapping().get("s1"), "the cached table points at the new placement");
    }

    @Test
    void noAttachTimeMapFrom615On() {
        DmaBufAttachRelation r = dynamicExporter("6.15");
        AttachState listed = listedStaticImporter(r);
        assertEquals("attached", listed.pc().get("s1"));
        assertEquals("noregion", listed.mapping().get("s1"));
        assertFalse(enabled(r, listed).contains("DmaBufAttachCacheMap"));
    }

    @Test
    void matchingDynamicPairIsNotMappedAtAttachOn62() {
        DmaBufAttachRelation r = dynamicExporter("6.2");
        AttachState s = only(r.dmaBufAttach(r.init(), "d1"));
        AttachState listed = only(r.dmaBufAttachListAdd(s, "d1"));
        assertEquals("attached", listed.pc().get("d1"));
        assertTrue(listed.importerOps().get("d1"), "R1: importer_ops set before list_add");
    }

    @Test
    void cachedTableWithAClashingDirectionIsEbusy() {
        DmaBufAttachRelation r = cacheSgtExporter();
        AttachState s = only(r.dmaBufAttach(r.init(), "s1"));
        s = only(r.dmaBufAttachListAdd(s, "s1"));
        assertEquals("attached", s.pc().get("s1"), "static importer of a static exporter: no mismatch");
        s = only(r.dmaBufMapAttachmentUnlocked(s, "s1"));
        AttachState toDevice = r.dmaBufMapAttachmentUnlockedLocked(s, "s1").stream()
                .filter(t -> t.mapDir().get("s1").equals("TO_DEVICE")).findFirst().orElseThrow();
        assertEquals("TO_DEVICE", toDevice.cached().get("s1"));
        AttachState unmapped = only(r.dmaBufUnmapAttachmentUnlocked(toDevice, "s1"));
        assertEquals("r1", unmapped.mapping().get("s1"), "unmap of the cached table is a no-op");
        AttachState again = only(r.dmaBufMapAttachmentUnlocked(unmapped, "s1"));
        List<AttachState> maps = r.dmaBufMapAttachmentUnlockedLocked(again, "s1");
        assertEquals(3, maps.size(), "one successor per direction asked for");
        AttachState fromDevice = maps.stream().filter(t -> !t.mapped().get("s1")).findFirst().orElseThrow();
        assertEquals("attached", fromDevice.pc().get("s1"), "R11: -EBUSY returns without a table");
    }

    @Test
    void detachOn62UnmapsAndUnpinsTheCachedTable() {
        DmaBufAttachRelation r = dynamicExporter("6.2");
        AttachState s = only(r.dmaBufAttachCacheMap(listedStaticImporter(r), "s1"));
        s = only(r.dmaBufDetach(s, "s1"));
        s = only(r.dmaBufDetachListDel(s, "s1"));
        assertEquals("detached", s.pc().get("s1"));
        assertEquals("noregion", s.mapping().get("s1"));
        assertFalse(s.corePin().get("s1"));
        assertEquals(Set.of(), s.attachments().get("b1"));
    }

    @Test
    void moveNotifyLetsTheImporterFenceAccessItCannotStop() {
        DmaBufAttachRelation r = dynamicExporter("6.15");
        AttachState s = only(r.dmaBufAttach(r.init(), "d1"));
        s = only(r.dmaBufAttachListAdd(s, "d1"));
        s = only(r.dmaResvLock(s, "d1"));
        s = only(r.dmaBufMapAttachment(s, "d1"));
        s = only(r.dmaResvUnlock(s, "d1"));
        s = only(r.importerWaitFences(s, "d1"));
        AttachState walking = only(r.dmaBufEvict(s, "b1"));
        assertEquals(Set.of("d1"), walking.walkTodo());
        List<AttachState> notified = r.dmaBufMoveNotify(walking, "d1");
        assertEquals(2, notified.size(), "R4/R5: stop at once, or add a fence");
        assertTrue(notified.stream().allMatch(t -> !t.mapValid().get("d1")));
        assertTrue(notified.stream().anyMatch(t -> t.job().get("d1")));
    }
}
