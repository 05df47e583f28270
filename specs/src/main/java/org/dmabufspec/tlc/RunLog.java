package org.dmabufspec.tlc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * With {@code -Ddmabuf.tlc.log=FILE}, one line per forked TLC run appended to FILE: the test class that asked
 * for it (the first {@code *Test} class on the stack), the model, its wall and CPU milliseconds. For
 * docs/benchmarks.md: which test class spends the build's TLC time. Off by default.
 */
final class RunLog {
    private static final String FILE = System.getProperty("dmabuf.tlc.log", "").strip();

    private RunLog() {
    }

    static void append(Path dir, String module, String cfg, TlcResult r) {
        if (FILE.isEmpty()) {
            return;
        }
        String caller = StackWalker.getInstance().walk(s -> s.map(StackWalker.StackFrame::getClassName)
                .map(c -> c.replaceAll("\\$.*", ""))
                .filter(c -> c.endsWith("Test")).findFirst().orElse("?"));
        String line = String.format(Locale.ROOT, "%s\t%s\t%s\t%s\t%d\t%d%n", caller.substring(caller.lastIndexOf('.') + 1),
                dir.getFileName(), module, Path.of(cfg).getFileName(), r.duration().toMillis(),
                r.cpuTime().map(d -> d.toMillis()).orElse(-1L));
        synchronized (RunLog.class) {
            try {
                Files.writeString(Path.of(FILE), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                // a measurement aid: a run never fails for it
            }
        }
    }
}
