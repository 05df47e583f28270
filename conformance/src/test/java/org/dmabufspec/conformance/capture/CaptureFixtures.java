package org.dmabufspec.conformance.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.conformance.nativerun.NativeTraces;
import org.dmabufspec.conformance.nativerun.ScenarioTrace;
import org.dmabufspec.trace.TraceEvent;

/**
 * Recorded in the VM runner (Debian trixie 6.12.117, TCG) by {@code run-vm.sh --capture --misuse}:
 * {@code kmod.raw} is the capture of the whole kernel test module run (misuse scenarios
 * included) and {@code kmod-self.ndjson} the module's own traces of it; {@code uapi.raw} holds
 * the capture lines of four harness scenarios' intervals and {@code uapi-self.ndjson} their
 * traces (busy-fence, fence-vs-cpu-access with its two threads, export-basic with the stub
 * fence, udmabuf sealing).
 */
final class CaptureFixtures {
    static final Path DIR = Path.of("src/test/resources/capture");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CaptureFixtures() {
    }

    static List<ScenarioTrace> self(String name) throws Exception {
        return NativeTraces.split(Files.readString(DIR.resolve(name), StandardCharsets.UTF_8), name);
    }

    static CapturedTrace convert(String raw) throws Exception {
        return CaptureConverter.convert(RawCaptureParser.parse(DIR.resolve(raw)), null);
    }

    /** The capture's events within the self-logged scenario's interval. */
    static CapturedTrace slice(CapturedTrace all, ScenarioTrace t) throws Exception {
        long from = Long.MAX_VALUE;
        long to = 0;
        for (String l : t.lines()) {
            JsonNode n = JSON.readTree(l);
            if (n.path("type").asText().equals("event")) {
                from = Math.min(from, n.get("start").asLong());
                to = Math.max(to, n.get("end").asLong());
            }
        }
        return CaptureSlicer.slice(all, from, to, t.scenario());
    }

    /** The event moved to another seq and interval, with another result (a test's edit of a capture). */
    static TraceEvent with(TraceEvent e, long seq, long start, long end, String result) {
        return new TraceEvent(e.line(), seq, e.thread(), e.cpu(), start, end, e.op(), e.ioctl(), e.caller(), result, e.ret(), e.resvHeld(),
                e.buf(), e.attach(), e.dev(), e.fence(), e.fences(), e.ctx(), e.syncFile(), e.sgt(), e.cb(), e.args(), e.state(), e.hidden(),
                e.callees(), e.site(), e.calleeDir(), e.misuse());
    }

    static String inject(ScenarioTrace t) throws Exception {
        JsonNode h = JSON.readTree(t.lines().get(0));
        return h.hasNonNull("inject") ? h.get("inject").asText() : null;
    }

    static List<String> lines(Path file) throws Exception {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }
}
