package org.dmabufspec.conformance.nativerun.kmod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.nativerun.ScenarioTrace;
import org.dmabufspec.conformance.nativerun.StructuralValidator;
import org.dmabufspec.conformance.nativerun.TraceVerdict;

/**
 * Judges module traces: the structural checks of every native trace first (lost lines, seq,
 * clocks), then the trace checker against the specs under the kernel behaviour the header
 * names. The expectation comes from the header: {@code inject} names the rule a misuse
 * scenario breaks, so the checker must reject it naming that rule; without it the trace must
 * be accepted. Each judged trace is written to {@code dir} for replay with {@code dmabuf validate}.
 */
public record KmodJudge(Path dir) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public KmodVerdict judge(ScenarioTrace t) {
        String rule;
        try {
            JsonNode inject = JSON.readTree(t.lines().get(0)).get("inject");
            rule = inject == null || inject.isNull() ? null : inject.asText();
        } catch (IOException e) {
            return new KmodVerdict(t.scenario(), null, false, List.of(), false, "header is not JSON: " + e.getMessage());
        }
        TraceVerdict structure = StructuralValidator.validate(t);
        if (!structure.accepted()) {
            return new KmodVerdict(t.scenario(), rule, false, List.of(), false, "structure: " + structure.detail());
        }
        Path file = dir.resolve(t.fileName());
        try {
            Files.createDirectories(dir);
            Files.writeString(file, t.text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new KmodVerdict(t.scenario(), rule, false, List.of(), false, "cannot write " + file + ": " + e.getMessage());
        }
        return judge(t.scenario(), rule, TraceChecker.check(file));
    }

    static KmodVerdict judge(String scenario, String rule, CheckReport r) {
        String text = r.toText().strip();
        if (!r.accepted() && r.brokenRules().isEmpty()) {
            // bad input or a bound: no verdict on the protocol at all
            return new KmodVerdict(scenario, rule, false, List.of(), false, text);
        }
        boolean asExpected = rule == null ? r.accepted() : !r.accepted() && r.brokenRules().contains(rule);
        return new KmodVerdict(scenario, rule, r.accepted(), r.brokenRules(), asExpected,
                r.accepted() ? text.lines().findFirst().orElse("") : text);
    }
}
