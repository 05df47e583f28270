package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recorded native traces, mutated the way a broken kernel, a broken harness or a lost serial line
 * would: each mutant must be rejected by the trace checker, and its original accepted.
 */
class NativeTraceMutationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static List<ObjectNode> records(String scenario) throws Exception {
        List<ObjectNode> r = new ArrayList<>();
        for (String l : Fixtures.scenarioTrace(scenario).lines()) {
            r.add((ObjectNode) JSON.readTree(l));
        }
        return r;
    }

    private static ObjectNode first(List<ObjectNode> recs, Predicate<ObjectNode> p) {
        return recs.stream().filter(p).findFirst().orElseThrow();
    }

    private static boolean op(ObjectNode r, String op) {
        return op.equals(r.path("op").asText());
    }

    /** Renumbers seq and the end count so only the mutation itself is wrong. */
    private static ScenarioTrace trace(String scenario, List<ObjectNode> recs) {
        long seq = 0;
        List<String> lines = new ArrayList<>();
        for (ObjectNode r : recs) {
            if (r.path("type").asText().equals("event")) {
                r.put("seq", ++seq);
            } else if (r.path("type").asText().equals("end")) {
                r.put("events", seq);
            }
            lines.add(r.toString());
        }
        return new ScenarioTrace(scenario, 1, lines);
    }

    private TraceVerdict check(String scenario, List<ObjectNode> recs) {
        return new CheckerValidator(tmp).apply(trace(scenario, recs));
    }

    private void assertRejectedWhileOriginalAccepted(String scenario, List<ObjectNode> mutant) throws Exception {
        TraceVerdict original = check(scenario, records(scenario));
        assertTrue(original.accepted(), original.detail());
        TraceVerdict v = check(scenario, mutant);
        assertTrue(!v.accepted() && v.detail().startsWith("REJECTED"), "mutant not rejected: " + v.detail());
    }

    @Test
    void droppedSignalIsCaughtWhenASecondSignalOfTheFenceStillSucceeds() throws Exception {
        // bad-fence: signal(f) = 0, then signal(f) = ENOENT. Without the first, the fence was never consumed.
        String s = "igt/vgem_basic/bad-fence";
        List<ObjectNode> recs = records(s);
        recs.remove(first(recs, r -> op(r, "DRM_IOCTL_VGEM_FENCE_SIGNAL") && r.path("result").asInt(-1) == 0));
        assertRejectedWhileOriginalAccepted(s, recs);
    }

    @Test
    void droppedVgemSignalIsRejectedBecauseTheFenceCannotHaveExpiredYet() throws Exception {
        // export-basic: the sync_file's fence signals milliseconds after DRM_IOCTL_VGEM_FENCE_ATTACH; without the
        // logged signal only vgem's 10 s timer could have signalled it, and the trace is far shorter than that.
        String s = "igt/dmabuf_sync_file/export-basic";
        List<ObjectNode> recs = records(s);
        recs.removeIf(r -> op(r, "DRM_IOCTL_VGEM_FENCE_SIGNAL"));
        assertRejectedWhileOriginalAccepted(s, recs);
    }

    @Test
    void syncStartEndingBeforeTheSignalThatReleasedItIsRejected() throws Exception {
        String s = "threads/fence-vs-cpu-access";
        List<ObjectNode> recs = records(s);
        ObjectNode signal = first(recs, r -> op(r, "DRM_IOCTL_VGEM_FENCE_SIGNAL") && r.path("thread").asText().equals("fencer"));
        ObjectNode start = first(recs, r -> op(r, "DMA_BUF_IOCTL_SYNC") && r.path("thread").asText().equals("cpu"));
        assertEquals("START|READ", start.path("args").path("flags").asText());
        start.put("end", signal.path("start").asLong() - 1000);
        assertRejectedWhileOriginalAccepted(s, recs);
    }

    @Test
    void flippedErrnoOnAFirstSignalIsRejected() throws Exception {
        String s = "igt/dmabuf_sync_file/export-basic";
        List<ObjectNode> recs = records(s);
        first(recs, r -> op(r, "DRM_IOCTL_VGEM_FENCE_SIGNAL")).put("result", "ENOENT");
        assertRejectedWhileOriginalAccepted(s, recs);
    }

    @Test
    void pollReportingReadyWithAFencePendingIsRejected() throws Exception {
        String s = "igt/dmabuf_sync_file/export-basic";
        List<ObjectNode> recs = records(s);
        ObjectNode busy = first(recs, r -> op(r, "poll") && r.has("buf") && r.path("ret").asText().isEmpty());
        busy.put("ret", busy.path("args").path("events").asText());
        assertRejectedWhileOriginalAccepted(s, recs);
    }

    @Test
    void anInventedAttachmentInTheObservedStateIsRejected() throws Exception {
        String s = "kselftest/dmabuf-heaps/alloc-and-import";
        List<ObjectNode> recs = records(s);
        ObjectNode prime = first(recs, r -> op(r, "DRM_IOCTL_PRIME_FD_TO_HANDLE"));
        ObjectNode sync = recs.get(recs.indexOf(prime) + 1);
        ObjectNode state = (ObjectNode) sync.get("state");
        state.remove("bufinfo");
        state.putArray("attachments").add(prime.path("attach").asText()).add("a999");
        assertRejectedWhileOriginalAccepted(s, recs);
    }

    @Test
    void bufinfoShowingADeviceNoImportAttachedIsADivergence() throws Exception {
        String s = "igt/dmabuf_sync_file/export-basic";
        List<ObjectNode> recs = records(s);
        ObjectNode poll = first(recs, r -> op(r, "poll") && r.has("state"));
        ObjectNode state = (ObjectNode) poll.get("state");
        String bufinfo = state.path("bufinfo").asText();
        state.put("bufinfo", bufinfo.replace("\tvgem\nTotal 1 devices", "\tvgem\n\tvgem\nTotal 2 devices"));
        TraceVerdict v = check(s, recs);
        assertTrue(!v.accepted() && v.detail().contains("bufinfo shows 2 device(s) attached"), v.detail());
    }

    @Test
    void aWriteFenceAttachedDespiteAPendingReadFenceIsRejected() throws Exception {
        // busy-fence: the second attach was refused with EBUSY; a kernel that let it through breaks the conflict check
        String s = "igt/vgem_basic/busy-fence";
        List<ObjectNode> recs = records(s);
        ObjectNode sig = first(recs, r -> op(r, "DRM_IOCTL_VGEM_FENCE_SIGNAL") && r.path("result").asInt(-1) == 0);
        ObjectNode write = first(recs, r -> op(r, "DRM_IOCTL_VGEM_FENCE_ATTACH") && r.path("result").asInt(-1) == 0
                && "WRITE".equals(r.path("args").path("flags").asText()));
        // move the successful write attach before the read fence's signal
        recs.remove(write);
        recs.add(recs.indexOf(sig), write);
        long t = sig.path("start").asLong() - 10;
        write.put("start", t - 5).put("end", t);
        assertRejectedWhileOriginalAccepted(s, recs);
    }
}
