package org.dmabufspec.conformance.checker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F18's stamp order: reservation_ww_class's stamp is an atomic counter, so a ww_acquire_init that
 * starts after another returned gets the larger stamp. A capture cannot see the init (it is
 * inline) and writes it at the context's first lock, so there the order proves nothing.
 */
class WwStampOrderTest {
    @TempDir
    Path dir;

    /** p2's init returns stamp 2, p1's init starts after that and returns stamp 1; each then locks its own buffer. */
    private static TraceBuilder laterInitSmallerStamp(TraceBuilder t) {
        return t.exportStatic("b1").exportStatic("b2")
                .call("p2", "ww_acquire_init", "\"ctx\":\"c2\",\"args\":{\"stamp\":2}")
                .call("p2", "dma_resv_lock", "\"buf\":\"b2\",\"ctx\":\"c2\"")
                .call("p1", "ww_acquire_init", "\"ctx\":\"c1\",\"args\":{\"stamp\":1}")
                .call("p1", "dma_resv_lock", "\"buf\":\"b1\",\"ctx\":\"c1\"");
    }

    @Test
    void referenceTraceWithALaterInitGettingASmallerStampIsRejectedAsF18() throws IOException {
        CheckReport r = TraceChecker.check(laterInitSmallerStamp(TraceBuilder.reference("6.15")).write(dir, "ref.ndjson"));
        assertFalse(r.accepted(), r.toText());
        assertTrue(r.brokenRules().contains("F18"), r.toText());
    }

    @Test
    void captureWhoseInitsArePlacedAtTheFirstLocksInTheOtherOrderIsAccepted() throws IOException {
        CheckReport r = TraceChecker.check(laterInitSmallerStamp(new TraceBuilder("capture", "6.15", true)).write(dir, "cap.ndjson"));
        assertTrue(r.accepted(), r.toText());
    }
}
