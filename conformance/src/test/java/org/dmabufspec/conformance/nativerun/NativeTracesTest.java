package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeTracesTest {

    @Test
    void theSerialStreamSplitsIntoOneTracePerScenario(@TempDir Path tmp) throws Exception {
        StringBuilder stream = new StringBuilder();
        for (Path p : Fixtures.traceFiles()) {
            stream.append(Fixtures.read(p));
        }
        List<ScenarioTrace> traces = NativeTraces.split(stream.toString(), "serial2");
        assertEquals(Fixtures.traceFiles().size(), traces.size());
        List<Path> written = NativeTraces.write(traces, tmp);
        for (int i = 0; i < written.size(); i++) {
            assertEquals(Fixtures.traceFiles().get(i).getFileName(), written.get(i).getFileName());
            assertEquals(Fixtures.read(Fixtures.traceFiles().get(i)), Fixtures.read(written.get(i)));
        }
    }

    @Test
    void lineNumbersRefertoTheWholeStream() throws Exception {
        String a = Fixtures.read(Fixtures.trace("igt/vgem_basic/bad-pad"));
        String b = Fixtures.read(Fixtures.trace("igt/vgem_basic/bad-handle"));
        List<ScenarioTrace> t = NativeTraces.split(a + b, "serial2");
        assertEquals(1, t.get(0).firstLine());
        assertEquals(a.split("\n").length + 1, t.get(1).firstLine());
        assertEquals("igt/vgem_basic/bad-handle", t.get(1).scenario());
    }

    @Test
    void aRecordBeforeAnyHeaderIsRefused() {
        NativeRunException e = assertThrows(NativeRunException.class,
                () -> NativeTraces.split("{\"type\":\"end\",\"events\":0,\"status\":\"complete\"}\n", "serial2"));
        assertTrue(e.getMessage().contains("serial2 line 1"), e.getMessage());
    }
}
