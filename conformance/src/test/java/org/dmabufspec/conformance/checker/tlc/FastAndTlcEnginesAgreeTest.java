package org.dmabufspec.conformance.checker.tlc;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Engine;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast engine and the TLC oracle give the same verdict, and reject at the same event, on the
 * DmaResv-vocabulary corpus (traces/oracle/accepted, traces/oracle/rejected) and on the native
 * fixture traces. Disagreements found so far are pinned in their own tests below, not skipped.
 *
 * <p>Each trace costs a TLC run, so the default build checks a sample: every third oracle trace of
 * each folder and the first native trace of each source (the name up to its last {@code __}, e.g.
 * {@code igt__vgem_basic}). {@code -Ddmabuf.full=true} ({@code -Pfull}) checks the whole corpus.
 */
class FastAndTlcEnginesAgreeTest {
    private static final Path ORACLE = Path.of("src/test/resources/traces/oracle");
    private static final Path NATIVE = Path.of("src/test/resources/native/traces");

    /** None today; a disagreement found later is pinned here with a test of its own. */
    private static final Set<String> KNOWN_DISAGREEMENTS = Set.of();

    /**
     * TLC's reports, run {@code -Ddmabuf.parallel=N} at a time (default: one per core) as soon as the corpus is
     * listed; each test waits for its own. A TLC check is a forked JVM with its own temp dir.
     */
    private static final Map<Path, Future<CheckReport>> TLC_REPORTS = new ConcurrentHashMap<>();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Math.max(1, Integer.getInteger("dmabuf.parallel", Runtime.getRuntime().availableProcessors())), r -> {
                Thread t = new Thread(r, "tlc-oracle");
                t.setDaemon(true);
                return t;
            });

    static Stream<Path> corpus() throws IOException {
        List<Path> traces = FullSets.full() ? all() : sample();
        traces.forEach(p -> TLC_REPORTS.computeIfAbsent(p, k -> POOL.submit(() -> tlc(k))));
        return traces.stream();
    }

    static List<Path> all() {
        return Stream.of(ORACLE.resolve("accepted"), ORACLE.resolve("rejected"), NATIVE)
                .flatMap(FastAndTlcEnginesAgreeTest::list)
                .filter(p -> !KNOWN_DISAGREEMENTS.contains(p.getFileName().toString()))
                .toList();
    }

    static List<Path> sample() {
        List<Path> oracle = all().stream().filter(p -> !p.startsWith(NATIVE)).toList();
        List<Path> sample = new java.util.ArrayList<>();
        for (String folder : List.of("accepted", "rejected")) {
            List<Path> in = oracle.stream().filter(p -> p.getParent().getFileName().toString().equals(folder)).toList();
            for (int i = 0; i < in.size(); i += 3) {
                sample.add(in.get(i));
            }
        }
        sample.addAll(FullSets.firstOfEachGroup(all().stream().filter(p -> p.startsWith(NATIVE)).toList(),
                FastAndTlcEnginesAgreeTest::nativeSource));
        return sample;
    }

    /** {@code igt__vgem_basic__bad-pad.ndjson} comes from {@code igt__vgem_basic}. */
    static String nativeSource(Path trace) {
        String name = trace.getFileName().toString();
        return name.substring(0, Math.max(0, name.lastIndexOf("__")));
    }

    private static Stream<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CheckReport tlc(Path trace) {
        return TraceChecker.check(trace, CheckOptions.defaults().withEngine(Engine.TLC));
    }

    private static CheckReport tlcReport(Path trace) throws Exception {
        Future<CheckReport> f = TLC_REPORTS.get(trace);
        if (f == null) {
            return tlc(trace);
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void bothEnginesGiveTheSameVerdict(Path trace) throws Exception {
        CheckReport fast = TraceChecker.check(trace, CheckOptions.defaults());
        CheckReport tlc = tlcReport(trace);
        assertEquals(Engine.TLC, tlc.engine());
        assertEquals(fast.verdict(), tlc.verdict(), () -> "fast:\n" + fast.toText() + "tlc:\n" + tlc.toText());
        if (fast.verdict() == Verdict.REJECTED) {
            assertEquals(fast.rejection().line(), tlc.rejection().line(), () -> "fast:\n" + fast.toText() + "tlc:\n" + tlc.toText());
        }
        String folder = trace.getParent().getFileName().toString();
        if (folder.equals("accepted") || folder.equals("rejected")) {
            assertEquals(folder.equals("accepted") ? Verdict.ACCEPTED : Verdict.REJECTED, tlc.verdict(), tlc.toText());
        }
    }

    @Test
    void corpusHasBothVerdicts() throws IOException {
        List<Path> all = all();
        assertTrue(all.stream().filter(p -> p.toString().contains("/accepted/")).count() >= 5);
        assertTrue(all.stream().filter(p -> p.toString().contains("/rejected/")).count() >= 5);
    }

    @Test
    void theDefaultSampleHasBothVerdictsAndEveryNativeSource() {
        List<Path> sample = sample();
        assertTrue(sample.stream().filter(p -> p.toString().contains("/accepted/")).count() >= 3, sample::toString);
        assertTrue(sample.stream().filter(p -> p.toString().contains("/rejected/")).count() >= 3, sample::toString);
        Set<String> sources = all().stream().filter(p -> p.startsWith(NATIVE)).map(FastAndTlcEnginesAgreeTest::nativeSource)
                .collect(java.util.stream.Collectors.toSet());
        assertTrue(sources.size() >= 5 && !sources.contains(""), sources::toString);
        assertEquals(sources, sample.stream().filter(p -> p.startsWith(NATIVE)).map(FastAndTlcEnginesAgreeTest::nativeSource)
                .collect(java.util.stream.Collectors.toSet()));
    }
}
