package org.dmabufspec.conformance.checker;

import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.conformance.trace.TraceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The keys the split search groups steps by (Footprint): what a step reads must be among them,
 * or steps that do not commute are searched in one order only and a legal trace can be rejected.
 */
class FootprintTest {
    @TempDir
    Path dir;

    private List<TraceEvent> events(TraceBuilder t) throws Exception {
        Path p = t.write(dir, "events.ndjson");
        List<TraceEvent> out = new ArrayList<>();
        try (TraceReader r = TraceReader.readingAhead(p)) {
            for (TraceEvent e; (e = r.next()) != null; ) {
                out.add(e);
            }
        }
        return out;
    }

    /** A 16-thread simulator trace was rejected when an array's signal did not carry its components (F19 reads them). */
    @Test
    void fenceArraySignalCarriesItsComponents() throws Exception {
        List<TraceEvent> es = events(TraceBuilder.reference("6.15")
                .call("drv", "dma_fence_init", "\"fence\":\"f3\",\"args\":{\"context\":3,\"seqno\":1}")
                .call("irq", "dma_fence_signal", "\"fence\":\"f3\""));
        ProtocolState s = new ProtocolState();
        s.putFence("f1", new FenceState(1, 1, false));
        s.putFence("f2", new FenceState(2, 1, false));
        FenceState array = new FenceState(3, 1, false);
        array.components = List.of("f1", "f2");
        s.putFence("f3", array);
        List<String> keys = Footprint.keys(s, es.get(1));
        assertTrue(keys.containsAll(List.of("f:f3", "f:f1", "f:f2", "x:1", "x:2")), keys.toString());
    }

    @Test
    void lockStepsCarryTheBufferButNotItsFences() throws Exception {
        List<TraceEvent> es = events(TraceBuilder.reference("6.15").exportStatic("b1")
                .call("t", "dma_resv_lock", "\"buf\":\"b1\",\"resv_held\":false")
                .call("t", "dma_resv_get_fences", "\"buf\":\"b1\",\"fences\":[],\"args\":{\"usage\":\"READ\"},\"resv_held\":true"));
        ProtocolState s = new ProtocolState();
        s.putFence("f1", new FenceState(1, 1, false));
        BufferState b = new BufferState("system", false, false, null);
        b.fences.add(new ResvEntry("f1", Usage.READ, 0));
        s.putBuf("b1", b);
        assertEquals(List.of("b:b1"), Footprint.keys(s, es.get(1)));
        assertTrue(Footprint.keys(s, es.get(2)).contains("f:f1"), "a query of the fences reads them");
    }

    @Test
    void pollOnAnArmedBufferSharesTheCallbackKeyInsteadOfBeingGlobal() throws Exception {
        List<TraceEvent> es = events(TraceBuilder.reference("6.15").exportStatic("b1")
                .call("drv", "dma_fence_init", "\"fence\":\"f9\",\"args\":{\"context\":9,\"seqno\":1}")
                .call("t", "poll", "\"buf\":\"b1\",\"args\":{\"events\":\"POLLIN\"},\"ret\":\"\"")
                .call("t", "dma_fence_add_callback", "\"fence\":\"f9\",\"cb\":\"cb1\""));
        ProtocolState s = new ProtocolState();
        BufferState b = new BufferState("system", false, false, null);
        s.putBuf("b1", b);
        List<String> unarmed = Footprint.keys(s, es.get(2));
        assertFalse(unarmed.contains("k:"), unarmed.toString());
        b.pollArmed = true;
        List<String> armed = Footprint.keys(s, es.get(2));
        assertTrue(armed.contains("k:") && armed.contains("b:b1"), String.valueOf(armed));
        assertTrue(Footprint.keys(s, es.get(3)).contains("k:"), "a callback step changes what an armed poll reads");
    }

    @Test
    void mergeWithoutItsInputFilesIsGlobal() throws Exception {
        List<TraceEvent> es = events(TraceBuilder.reference("6.15")
                .call("t", "SYNC_IOC_MERGE", "\"ioctl\":\"SYNC_IOC_MERGE\",\"fences\":[],\"sync_file\":\"sf3\",\"args\":{\"fd1\":\"sf1\",\"fd2\":\"sf2\"}")
                .call("t", "SYNC_IOC_MERGE", "\"ioctl\":\"SYNC_IOC_MERGE\",\"fences\":[],\"sync_file\":\"sf4\""));
        ProtocolState s = new ProtocolState();
        assertTrue(Footprint.keys(s, es.get(0)).containsAll(List.of("s:sf1", "s:sf2", "s:sf3")));
        assertNull(Footprint.keys(s, es.get(1)));
    }
}
