package org.dmabufspec.conformance.nativerun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A run that already happened: {@code console.log} and {@code trace.ndjson} in a directory (a
 * VM run's output, or a copy sent by someone else), judged again without booting anything.
 */
public record RecordedRun(Path dir) implements NativeRunner {

    @Override
    public NativeRun run(List<String> scenarios, Path outDir) throws NativeRunException {
        Path console = dir.resolve("console.log");
        Path trace = dir.resolve("trace.ndjson");
        for (Path p : List.of(console, trace)) {
            if (!Files.isRegularFile(p)) {
                throw new NativeRunException("--from " + dir + ": no " + p.getFileName() + " there (a native run's output directory has console.log and trace.ndjson)");
            }
        }
        String text = VmRunner.read(console);
        return new NativeRun(text, trace, VmRunner.exitStatus(text));
    }
}
