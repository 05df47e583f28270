package org.dmabufspec.conformance.checker;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaBufOps;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.trace.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An exporter that refuses an attach: the failed dma_buf_attach names the attachment its nested
 * exporter.attach saw (the core allocated it, the exporter refused it, the core freed it). Such a
 * reference trace used to be refused as bad input ("unknown attach"); it is a legal trace.
 */
class ExporterRefusesAttachTest {
    @TempDir
    Path dir;

    /** A static exporter; {@code refuseAttach} and {@code failMap} make its callbacks fail. */
    private static DmaBufOps exporter(boolean refuseAttach, boolean failMap) {
        return new DmaBufOps() {
            @Override
            public String name() {
                return "picky";
            }

            @Override
            public Errno attach(DmaBuf buf, DmaBufAttachment attach) {
                return refuseAttach && attach.dev().equals("gpu0") ? Errno.EIO : null;
            }

            @Override
            public SgTable mapDmaBuf(DmaBufAttachment attach, DmaDataDirection dir) {
                if (failMap) {
                    throw new KernelError(Errno.EIO, "no room for the table");
                }
                return new SgTable(attach.dmabuf().newSgtId(), null, dir);
            }

            @Override
            public void unmapDmaBuf(DmaBufAttachment attach, SgTable sgt, DmaDataDirection dir) {
            }

            @Override
            public void release(DmaBuf buf) {
            }
        };
    }

    @Test
    void anExporterRefusingAnAttachGivesATraceTheCheckerAccepts() throws Exception {
        for (String behaviour : new String[] {"6.1", "6.15", "7.1"}) {
            Path t = ReferenceRun.record(dir, "exporter-refuses-attach", behaviour, true, k -> {
                DmaBuf b = DmaBuf.export(k, exporter(true, false), 4096, null);
                KernelError e = assertThrows(KernelError.class, () -> b.attach("gpu0"));
                assertEquals(Errno.EIO, e.errno());
                DmaBufAttachment ok = b.attach("gpu1");
                b.detach(ok);
                b.put();
            });
            String trace = Files.readString(t);
            assertTrue(trace.contains("\"op\":\"exporter.attach\"") && trace.contains("\"result\":\"EIO\""), trace);
            CheckReport r = TraceChecker.check(t);
            assertEquals(Verdict.ACCEPTED, r.verdict(), behaviour + ": " + r.toText());
        }
    }

    /** ≤6.14: a dynamic importer of a static exporter is mapped at attach; a failing map undoes the attach with dma_buf_detach. */
    @Test
    void aFailedAttachTimeMapDetachesThroughTheExporterAndIsAccepted() throws Exception {
        Path t = ReferenceRun.record(dir, "attach-time-map-fails", "6.2", true, k -> {
            DmaBuf b = DmaBuf.export(k, exporter(false, true), 4096, null);
            KernelError e = assertThrows(KernelError.class, () -> b.dynamicAttach("gpu0", new org.dmabufspec.buf.DmaBufAttachOps() {
                @Override
                public void moveNotify(DmaBufAttachment a) {
                }
            }));
            assertEquals(Errno.EIO, e.errno());
            b.put();
        });
        String trace = Files.readString(t);
        assertTrue(trace.contains("\"op\":\"exporter.detach\""), "the failed attach must reach the exporter's detach: " + trace);
        CheckReport r = TraceChecker.check(t);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }
}
