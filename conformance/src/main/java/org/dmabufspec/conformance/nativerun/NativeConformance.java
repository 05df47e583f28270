package org.dmabufspec.conformance.nativerun;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One native conformance run: run the harness, read its KTAP, split its trace stream into
 * one trace per scenario (written to outDir/traces), and validate each trace.
 */
public final class NativeConformance {
    private final NativeRunner runner;
    private final List<Function<ScenarioTrace, TraceVerdict>> validators;

    public NativeConformance(NativeRunner runner, List<Function<ScenarioTrace, TraceVerdict>> validators) {
        this.runner = runner;
        this.validators = List.copyOf(validators);
    }

    /**
     * The validations every native trace goes through, in order; the first rejection decides:
     * the structure (lost lines, bufinfo snapshots), then the trace checker against the specs.
     */
    public static List<Function<ScenarioTrace, TraceVerdict>> defaultValidators(Path checkerInputDir) {
        return List.of(StructuralValidator::validate, new CheckerValidator(checkerInputDir));
    }

    public NativeReport run(List<String> scenarios, Path outDir) throws NativeRunException {
        NativeRun run = runner.run(scenarios, outDir);
        KtapReport ktap;
        try {
            ktap = KtapParser.parse(run.console());
        } catch (KtapFormatException e) {
            throw new NativeRunException("cannot read the harness's KTAP (" + outDir.resolve("console.log") + "): " + e.getMessage());
        }
        List<ScenarioTrace> traces = NativeTraces.split(run.traceStream());
        try {
            NativeTraces.write(traces, outDir.resolve("traces"));
        } catch (IOException e) {
            throw new NativeRunException("cannot write the per-scenario traces under " + outDir + ": " + e.getMessage());
        }
        List<TraceVerdict> verdicts = new ArrayList<>();
        for (ScenarioTrace t : traces) {
            verdicts.add(validate(t));
        }
        return new NativeReport(ktap, run.harnessExit(), verdicts,
                NativeReport.problemsOf(ktap, run.harnessExit(), scenarios, traces, verdicts));
    }

    public TraceVerdict validate(ScenarioTrace t) {
        return validate(t, validators);
    }

    /** Runs the validators in order and returns the first rejection, or the last acceptance. */
    public static TraceVerdict validate(ScenarioTrace t, List<Function<ScenarioTrace, TraceVerdict>> validators) {
        TraceVerdict last = null;
        for (Function<ScenarioTrace, TraceVerdict> v : validators) {
            last = v.apply(t);
            if (!last.accepted()) {
                return last;
            }
        }
        return last;
    }
}
