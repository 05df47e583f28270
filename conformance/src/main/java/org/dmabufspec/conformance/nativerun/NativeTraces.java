package org.dmabufspec.conformance.nativerun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the harness's trace stream (scenarios one after another on one serial port) into
 * one trace per scenario: every header record starts a new trace.
 */
public final class NativeTraces {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NativeTraces() {
    }

    public static List<ScenarioTrace> split(String stream, String source) throws NativeRunException {
        List<ScenarioTrace> out = new ArrayList<>();
        String[] lines = stream.split("\n", -1);
        List<String> cur = null;
        String scenario = null;
        int first = 0;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty() && i == lines.length - 1) {
                break;
            }
            if (l.startsWith("{\"type\":\"header\"")) {
                if (cur != null) {
                    out.add(new ScenarioTrace(scenario, first, cur));
                }
                cur = new ArrayList<>();
                first = i + 1;
                scenario = scenarioOf(l, source, i + 1);
            } else if (cur == null) {
                throw new NativeRunException(source + " line " + (i + 1) + ": a record before the first header");
            }
            cur.add(l);
        }
        if (cur != null) {
            out.add(new ScenarioTrace(scenario, first, cur));
        }
        return out;
    }

    public static List<ScenarioTrace> split(Path stream) throws NativeRunException {
        try {
            return split(Files.readString(stream, StandardCharsets.UTF_8), stream.toString());
        } catch (IOException e) {
            throw new NativeRunException("cannot read the trace stream " + stream + ": " + e.getMessage());
        }
    }

    /** Writes each trace to dir/&lt;scenario&gt;.ndjson and returns the paths in order. */
    public static List<Path> write(List<ScenarioTrace> traces, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> paths = new ArrayList<>();
        for (ScenarioTrace t : traces) {
            Path p = dir.resolve(t.fileName());
            Files.writeString(p, t.text(), StandardCharsets.UTF_8);
            paths.add(p);
        }
        return paths;
    }

    private static String scenarioOf(String header, String source, int line) throws NativeRunException {
        try {
            JsonNode s = JSON.readTree(header).get("scenario");
            if (s == null || !s.isTextual()) {
                throw new NativeRunException(source + " line " + line + ": header without a 'scenario' name");
            }
            return s.asText();
        } catch (IOException e) {
            throw new NativeRunException(source + " line " + line + ": header is not JSON: " + e.getMessage());
        }
    }
}
