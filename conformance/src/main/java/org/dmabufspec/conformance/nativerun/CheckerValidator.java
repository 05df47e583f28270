package org.dmabufspec.conformance.nativerun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;

/**
 * Judges a native trace with the trace checker ({@link TraceChecker}): is it a behaviour of the
 * specs under the kernel behaviour its header names? The checker's input is written to
 * {@code dir} so a rejection can be replayed with {@code dmabuf validate}.
 */
public record CheckerValidator(Path dir) implements Function<ScenarioTrace, TraceVerdict> {
    public static final String NAME = "checker";

    @Override
    public TraceVerdict apply(ScenarioTrace t) {
        CheckerInput.Adapted in;
        try {
            in = CheckerInput.adapt(t);
        } catch (NativeRunException e) {
            return new TraceVerdict(t.scenario(), false, NAME, e.getMessage());
        }
        Path file = dir.resolve(t.fileName());
        try {
            Files.createDirectories(dir);
            Files.writeString(file, in.text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new TraceVerdict(t.scenario(), false, NAME, "cannot write " + file + ": " + e.getMessage());
        }
        CheckReport r = TraceChecker.check(file);
        String text = r.toText().strip();
        String left = in.leftOut().isEmpty() ? ""
                : " [" + in.leftOut().size() + " failed call(s) naming no object left out: " + String.join("; ", in.leftOut()) + "]";
        return new TraceVerdict(t.scenario(), r.accepted(), NAME, (r.accepted() ? text.lines().findFirst().orElse("") : text) + left);
    }
}
