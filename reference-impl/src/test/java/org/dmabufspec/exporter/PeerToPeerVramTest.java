package org.dmabufspec.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachOps;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.TraceRecorder;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;

/**
 * R15, R16 (docs/rules.md#r15, #r16) on a VramExporter whose VRAM sits behind a PCI BAR, as
 * DmaBufAttach_6_15_P2P models it: a device without allow_peer2peer is refused while the buffer is
 * in VRAM, and keeps it out of VRAM while attached; a peer2peer importer reaches VRAM.
 */
class PeerToPeerVramTest {
    private final Kernel kernel = new Kernel(KernelBehaviour.parse("6.15", true), new Tracer(new TraceRecorder(), Clock.LOGICAL),
            Mode.STRICT);

    /** A dynamic importer's ops that count their move_notify calls. */
    private record Importer(boolean allowPeer2peer, AtomicInteger notified) implements DmaBufAttachOps {
        Importer(boolean allowPeer2peer) {
            this(allowPeer2peer, new AtomicInteger());
        }

        @Override
        public void moveNotify(DmaBufAttachment attach) {
            notified.incrementAndGet();
        }
    }

    @Test
    void staticImporterAttachIsRefusedWithEbusyWhileTheBufferIsInPeerOnlyVram() {
        VramExporter vram = VramExporter.peerToPeerVram(kernel);
        DmaBuf b = vram.create(4096, Placement.VRAM);
        KernelError e = assertThrows(KernelError.class, () -> b.attach("s1"), "R15");
        assertEquals(Errno.EBUSY, e.errno());
        assertTrue(b.attachments().isEmpty(), "a refused attach leaves no attachment");
        DmaBufAttachment d = b.dynamicAttach("d1", new Importer(true));
        b.resv().lock(null);
        SgTable t = b.mapAttachment(d, DmaDataDirection.BIDIRECTIONAL);
        b.resv().unlock();
        assertEquals("VRAM", t.storage().placement(), "R16: a peer2peer importer maps VRAM");
    }

    @Test
    void anAttachedStaticImporterKeepsTheBufferOutOfVramUntilItDetaches() {
        VramExporter vram = VramExporter.peerToPeerVram(kernel);
        DmaBuf b = vram.create(4096, Placement.GTT);
        Importer dyn = new Importer(true);
        b.dynamicAttach("d1", dyn);
        DmaBufAttachment s = b.attach("s1");
        KernelError e = assertThrows(KernelError.class, () -> vram.evict(b), "R15: no placement s1 reaches");
        assertEquals(Errno.EBUSY, e.errno());
        assertEquals(0, dyn.notified().get(), "a refused eviction notifies nobody");
        assertEquals(Placement.GTT, VramExporter.bo(b).placement());
        b.detach(s);
        VramExporter.Move m = vram.evict(b);
        assertEquals(Placement.VRAM, VramExporter.bo(b).placement(), "s1 gone: the buffer may move into VRAM");
        assertEquals(1, dyn.notified().get());
        vram.completeMove(m);
        assertThrows(KernelError.class, () -> b.attach("s2"), "R15: in VRAM again, a static importer is refused");
    }

    @Test
    void withoutPeerOnlyVramEveryDeviceReachesVram() {
        VramExporter vram = new VramExporter(kernel);
        DmaBuf b = vram.create(4096);
        DmaBufAttachment s = b.attach("s1");
        SgTable t = b.mapAttachmentUnlocked(s, DmaDataDirection.BIDIRECTIONAL);
        assertEquals("VRAM", t.storage().placement());
    }
}
