package org.dmabufspec.conformance.checker;

import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.conformance.trace.TraceFormatException;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.conformance.trace.TraceReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point of the trace checker (stable API): decides whether a trace file is a behaviour
 * of the dma-buf specs under the kernel behaviour its header names.
 *
 * <pre>{@code
 * CheckReport r = TraceChecker.check(Path.of("run.ndjson"), CheckOptions.defaults());
 * System.out.print(r.toText());      // or r.toJson()
 * System.exit(r.exitCode());         // 0 accepted, 1 rejected, 2 bad input
 * r.userspace();                     // userspace protocol warnings (U1): never change the verdict
 * }</pre>
 *
 * Never throws for bad input: a malformed trace gives a {@link Verdict#BAD_INPUT} report whose
 * problem names the file, line and field.
 */
public final class TraceChecker {
    /** What to do when the heap runs out; names only settings that exist (a test holds it to that). */
    public static final String OUT_OF_MEMORY = "out of memory while checking: give the JVM more heap (JAVA_TOOL_OPTIONS=-Xmx8g ./dmabuf validate ...)";

    private TraceChecker() {
    }

    public static CheckReport check(Path trace) {
        return check(trace, CheckOptions.defaults());
    }

    public static CheckReport check(Path trace, CheckOptions options) {
        return check(trace, options, r -> { });
    }

    /**
     * As {@link #check(Path, CheckOptions)}, handing each reader to {@code progress} before its
     * pass starts (a second one when the full search reads the trace again after the lazy pass),
     * so another thread can show how far it got ({@link TraceReader#progressLine()}).
     */
    public static CheckReport check(Path trace, CheckOptions options, java.util.function.Consumer<TraceReader> progress) {
        if (options.engine() == Engine.TLC) {
            return TlcEngine.check(trace, options);
        }
        if (options.lazyFirst()) {
            CheckReport lazy = fast(trace.toString(), () -> TraceReader.readingAhead(trace), options, progress, true);
            if (lazy.verdict() == Verdict.ACCEPTED) {
                return lazy;
            }
            // not explained by the lazy pass (or a bound hit there): the full search decides
        }
        return fast(trace.toString(), () -> TraceReader.readingAhead(trace), options, progress, false);
    }

    /**
     * The fast engine on a trace read from a stream (a generated trace that is never stored, a
     * pipe); {@code name} stands for the file in messages. The stream is closed at the end. A
     * stream cannot be read twice, so this runs the full search only (no lazy first pass).
     */
    public static CheckReport check(java.io.InputStream trace, String name, CheckOptions options) {
        return fast(name, () -> new TraceReader(trace, name), options, r -> { }, false);
    }

    private interface ReaderSource {
        TraceReader open() throws TraceFormatException;
    }

    private static CheckReport fast(String file, ReaderSource source, CheckOptions options,
                                    java.util.function.Consumer<TraceReader> progress, boolean lazy) {
        List<String> notes = new ArrayList<>();
        String kernel = "?";
        try (TraceReader reader = source.open()) {
            progress.accept(reader);
            TraceHeader h = reader.header();
            kernel = h.behaviour().label().text() + (h.behaviour().moveNotify() ? ", move_notify" : ", no move_notify");
            FastEngine engine = new FastEngine(h, options, file, lazy);
            FastEngine.Outcome o = engine.run(reader);
            TraceEnd end = reader.end();
            if (end != null && !end.complete()) {
                notes.add("the run was aborted" + (end.reason() == null ? "" : " (" + end.reason() + ")") + ": only the part it logged is judged");
            }
            engine.userspace().finish(end != null && end.complete() && o.rejection() == null);
            if (engine.userspace().suppressed() > 0) {
                notes.add(engine.userspace().suppressed() + " more userspace warning(s) not listed");
            }
            if (h.inject() != null) {
                notes.add("the trace carries injected bug '" + h.inject() + "': it is expected to be rejected");
            }
            if (o.rejection() != null) {
                return new CheckReport(Verdict.REJECTED, file, Engine.FAST, kernel, o.events(), o.linearized(), o.hidden(),
                        o.peak(), o.rejection(), null, List.copyOf(notes), engine.userspace().warnings());
            }
            return new CheckReport(Verdict.ACCEPTED, file, Engine.FAST, kernel, o.events(), o.linearized(), o.hidden(),
                    o.peak(), null, null, List.copyOf(notes), engine.userspace().warnings());
        } catch (TraceFormatException e) {
            return badInput(file, kernel, e.getMessage());
        } catch (FastEngine.BoundExceeded e) {
            return badInput(file, kernel, "checker bound exceeded, no verdict: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            return badInput(file, kernel, OUT_OF_MEMORY);
        } catch (StackOverflowError e) {
            return badInput(file, kernel, "stack overflow while checking");
        }
    }

    static CheckReport badInput(String file, String kernel, String problem) {
        return new CheckReport(Verdict.BAD_INPUT, file, Engine.FAST, kernel, 0, 0, 0, 0, null, problem, List.of());
    }
}
