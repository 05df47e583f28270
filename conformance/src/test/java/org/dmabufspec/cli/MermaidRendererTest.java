package org.dmabufspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class MermaidRendererTest {

    @Test
    void actionGoesToTheFirstManifestActorItsNameContains() {
        List<String> actors = List.of("exporter", "importer", "move_notify");
        assertEquals("importer", MermaidRenderer.lane(actors, "ImporterMapAttachment"));
        assertEquals("move_notify", MermaidRenderer.lane(actors, "DmaBufMoveNotify"));
        assertEquals("other", MermaidRenderer.lane(actors, "DmaFenceSignal"));
    }

    @Test
    void withoutActorsTheLaneIsTheKernelObjectOfTheActionName() {
        assertEquals("DmaFence", MermaidRenderer.lane(List.of(), "DmaFenceAddCallback"));
        assertEquals("DmaResv", MermaidRenderer.lane(List.of(), "MCDmaResvLock"));
        assertEquals("Ww", MermaidRenderer.lane(List.of(), "WwAcquireInit"));
    }
}
