package org.dmabufspec.cli;

import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Engine;
import org.dmabufspec.conformance.checker.TraceChecker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code dmabuf bench validate}: generates three traces and times the trace checker on them.
 * Prints figures, never asserts them (speed belongs in benchmarks, not in unit tests).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Time the trace checker on traces it generates itself.",
                "The traces:",
                "  1. fully logged, --events events (default 1,000,000) on one thread, timed twice: in a fresh JVM,"
                        + " then again from the file with a new reader and engine once the JIT has compiled the hot path;",
                "  2. 1,000 events of which half (fence signals and callback runs) are unlogged, inferred by the checker;",
                "  3. 4 threads x 10,000 events whose [start, end] intervals overlap (linearization search);",
                "  4. with --large-mb N: the fully logged trace at about N MB and at an eighth of that, to show the heap does not grow"
                        + " with the trace's length (peak heap, and the most the heap held right after a collection).",
                "Prints the machine (cores, JVM), events/s, elapsed time, the CPU time of the whole JVM and of the checking thread, GC time"
                        + " and peak heap. Both engines then check one smaller concurrent trace (4 x --tlc-threads-events,"
                        + " DmaResv vocabulary, the TLC oracle's) and the ratio of their times is printed."})
public final class BenchValidateCommand implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "1000000", description = "events of the fully logged trace. Default: ${DEFAULT-VALUE}")
    long events;

    @Option(names = "--threads-events", defaultValue = "10000", description = "events per thread of the concurrent trace. Default: ${DEFAULT-VALUE}")
    int threadEvents;

    @Option(names = "--tlc-threads-events", defaultValue = "250",
            description = "events per thread of the trace both engines check (the TLC oracle reads it as a TLA+ literal). Default: ${DEFAULT-VALUE}")
    int tlcThreadEvents;

    @Option(names = "--large-mb", defaultValue = "0",
            description = "also check a fully logged trace of about this many MB (and one of an eighth of it) and print their heap use; 0 skips them."
                    + " Default: ${DEFAULT-VALUE}")
    long largeMb;

    @Mixin
    KeepTracesOption keep;

    private static final String HEADER = "{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,\"implementation\":{\"name\":\"%s\",\"version\":\"bench\"},"
            + "\"kernel\":{\"behaviour\":\"6.15\",\"move_notify\":true},\"clock\":\"logical\",\"scenario\":\"bench/%s\"}\n";

    @Override
    public Integer call() throws IOException {
        Runtime rt = Runtime.getRuntime();
        List<String> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.add(gc.getName());
        }
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s (%s), max heap %d MB, gc %s, load average %.2f%n", rt.availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("os.arch"),
                rt.maxMemory() >> 20, String.join("/", gcs), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path dir = Files.createTempDirectory("dmabuf-bench-validate");
        try {
            Path logged = sequential(dir.resolve("logged.ndjson"), events);
            run("fully logged, 1 thread", logged, events);
            // the same file read and checked again from scratch (new reader and engine, nothing kept):
            // the first run also pays for JIT compilation, which a long trace amortizes
            run("fully logged, again (JIT warm)", logged, events);
            long[] n = new long[1];
            run("half unlogged (hidden steps inferred)", halfUnlogged(dir.resolve("unlogged.ndjson"), 1000, n), n[0]);
            run("4 threads, overlapping intervals", concurrent(dir.resolve("threads.ndjson"), 4, threadEvents), 4L * threadEvents);
            if (largeMb > 0) {
                // the same shape at two lengths: the heap a check needs must not grow with the trace
                long perMb = Math.max(1, events * (1L << 20) / Files.size(logged));
                for (long mb : new long[] {Math.max(1, largeMb / 8), largeMb}) {
                    Path large = sequential(dir.resolve("large.ndjson"), mb * perMb);
                    run(String.format(Locale.ROOT, "fully logged, about %,d MB", mb), large, mb * perMb);
                    Files.delete(large);
                }
            }
            // The TLC oracle reads the trace as a TLA+ literal and covers the DmaResv vocabulary only:
            // the concurrent trace's ops, at a size a generated module can hold.
            Path small = concurrent(dir.resolve("threads-tlc.ndjson"), 4, tlcThreadEvents);
            double fast = run("4 threads, for the TLC comparison", small, 4L * tlcThreadEvents);
            double tlc = runTlc("4 threads, for the TLC comparison", small, 4L * tlcThreadEvents);
            if (tlc > 0) {
                System.out.printf(Locale.ROOT, "ratio on the same trace: fast engine %.0fx faster than the TLC oracle%n", tlc / fast);
            }
            System.out.println("the other traces use ops outside the TLC oracle's vocabulary (attach/map, fence callbacks): fast engine only");
        } finally {
            if (keep.keep) {
                System.out.println("traces kept in " + dir);
            } else {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(dir);
            }
        }
        return 0;
    }

    /** Seconds the TLC oracle took on the trace, or 0 if it gave no verdict. */
    private static double runTlc(String name, Path trace, long events) {
        long t0 = System.nanoTime();
        CheckReport r = TraceChecker.check(trace, CheckOptions.defaults().withEngine(Engine.TLC));
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%-40s engine tlc:  %,d events in %.2f s = %,.0f events/s (TLC in a forked JVM), %s%n",
                name, events, s, events / s, r.verdict().name().toLowerCase(Locale.ROOT));
        if (r.verdict() == org.dmabufspec.conformance.checker.Verdict.BAD_INPUT) {
            System.out.print(r.toText());
            return 0;
        }
        return s;
    }

    /** The most the heap held right after a collection since the last reset (bytes): what the check keeps alive. */
    private static final java.util.concurrent.atomic.AtomicLong LIVE_AFTER_GC = new java.util.concurrent.atomic.AtomicLong();
    private static boolean listening;

    /** Watches every collection's heap use after it (the JVM reports it per pool). */
    private static void listenToCollections() {
        if (listening) {
            return;
        }
        listening = true;
        java.util.Set<String> heapPools = new java.util.HashSet<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                heapPools.add(p.getName());
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof javax.management.NotificationEmitter emitter) {
                emitter.addNotificationListener((n, hb) -> {
                    if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        return;
                    }
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from((javax.management.openmbean.CompositeData) n.getUserData());
                    long used = 0;
                    for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.contains(e.getKey())) {
                            used += e.getValue().getUsed();
                        }
                    }
                    LIVE_AFTER_GC.accumulateAndGet(used, Math::max);
                }, null, null);
            }
        }
    }

    private static double run(String name, Path trace, long events) throws IOException {
        listenToCollections();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        System.gc();
        LIVE_AFTER_GC.set(0); // the collection just asked for reports before the check starts: not counted
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long gc0 = gcMillis();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long proc0 = processCpuNanos();
        long t0 = System.nanoTime();
        CheckReport r = TraceChecker.check(trace, CheckOptions.defaults().withEngine(Engine.FAST));
        double s = (System.nanoTime() - t0) / 1e9;
        // on a shared machine wall time swings with the load; the checking thread's CPU time and the GC time swing less
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        // all threads of the JVM: the read-ahead thread that parses, the JIT compilers and the GC
        double proc = (processCpuNanos() - proc0) / 1e9;
        double gc = (gcMillis() - gc0) / 1e3;
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        long live = LIVE_AFTER_GC.get();
        System.out.printf(Locale.ROOT, "%-40s engine fast: %,d events (%,d MB file) in %.2f s = %,.0f events/s = %,.0f events per cpu-second"
                        + " (cpu %.2f s: checking thread %.2f s; gc %.2f s), peak heap %d MB, after collections %s, %s%s%n",
                name, events, Files.size(trace) >> 20, s, events / s, proc > 0 ? events / proc : 0, proc, cpu, gc, peak >> 20,
                live > 0 ? "at most " + (live >> 20) + " MB" : "none ran", r.verdict().name().toLowerCase(Locale.ROOT),
                r.hiddenSteps() > 0 ? ", " + r.hiddenSteps() + " hidden steps" : "");
        if (!r.accepted()) {
            System.out.print(r.toText());
        }
        return s;
    }

    /** CPU time of the whole JVM so far, in ns (0 where the platform does not say). */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    /** Time spent in collections so far, all collectors (pauses of a stop-the-world collector). */
    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /** Lines of one generated trace, numbered as they are written. */
    private static final class Writer implements AutoCloseable {
        final BufferedWriter out;
        long seq;

        Writer(Path p, String impl, String scenario) throws IOException {
            out = Files.newBufferedWriter(p, StandardCharsets.UTF_8);
            out.write(String.format(Locale.ROOT, HEADER, impl, scenario));
        }

        void event(String thread, long start, long end, String op, String rest) throws IOException {
            out.write("{\"type\":\"event\",\"seq\":");
            out.write(Long.toString(++seq));
            out.write(",\"thread\":\"");
            out.write(thread);
            out.write("\",\"start\":");
            out.write(Long.toString(start));
            out.write(",\"end\":");
            out.write(Long.toString(end));
            out.write(",\"op\":\"");
            out.write(op);
            out.write("\",");
            out.write(rest);
            out.write(",\"result\":0}\n");
        }

        @Override
        public void close() throws IOException {
            out.write("{\"type\":\"end\",\"events\":" + seq + ",\"status\":\"complete\"}\n");
            out.close();
        }
    }

    /**
     * One thread, one buffer exported by a dynamic exporter with a dynamic importer: repeated
     * lock, reserve, fence init, add_fence, map, unmap, unlock, signal, wait. Each fence is put (its
     * last reference) once the next one has replaced it in the reservation object, so the trace
     * leaves nothing behind it and the checker's state stays the same size however long it runs.
     */
    static Path sequential(Path p, long events) throws IOException {
        try (Writer w = new Writer(p, "reference-impl", "logged")) {
            long t = 0;
            w.event("exp", ++t, ++t, "dma_buf_export", "\"buf\":\"b1\",\"args\":{\"exporter\":\"vram\",\"dynamic\":true,\"placement\":\"VRAM\"}");
            w.event("gpu", ++t, ++t, "dma_buf_dynamic_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"gpu\",\"args\":{\"move_notify\":true}");
            for (long i = 1; w.seq < events - 10; i++) {
                String f = "\"fence\":\"f" + i + "\"";
                // the freed table's address comes back on the next map, as a kernel's allocator gives it: the checker
                // remembers each unmapped table id until the buffer moves (R5), so fresh ids would grow its state
                String sgt = "\"sgt\":\"s1\"";
                w.event("gpu", ++t, ++t, "dma_resv_lock", "\"buf\":\"b1\"");
                w.event("gpu", ++t, ++t, "dma_resv_reserve_fences", "\"buf\":\"b1\",\"args\":{\"num\":1}");
                w.event("gpu", ++t, ++t, "dma_fence_init", f + ",\"args\":{\"context\":1,\"seqno\":" + i + "}");
                w.event("gpu", ++t, ++t, "dma_resv_add_fence", "\"buf\":\"b1\"," + f + ",\"args\":{\"usage\":\"WRITE\"}");
                w.event("gpu", ++t, ++t, "dma_buf_map_attachment", "\"buf\":\"b1\",\"attach\":\"a1\"," + sgt + ",\"args\":{\"dir\":\"BIDIRECTIONAL\"}");
                w.event("gpu", ++t, ++t, "dma_buf_unmap_attachment", "\"buf\":\"b1\",\"attach\":\"a1\"," + sgt + ",\"args\":{\"dir\":\"BIDIRECTIONAL\"}");
                w.event("gpu", ++t, ++t, "dma_resv_unlock", "\"buf\":\"b1\"");
                if (i > 1) {
                    w.event("gpu", ++t, ++t, "dma_fence_put", "\"fence\":\"f" + (i - 1) + "\",\"args\":{\"last\":true}");
                }
                w.event("gpu", ++t, ++t, "dma_fence_signal", f);
                w.event("cpu", ++t, ++t, "dma_resv_wait_timeout", "\"buf\":\"b1\",\"args\":{\"usage\":\"WRITE\",\"timeout\":\"MAX\",\"intr\":true},\"ret\":1000");
            }
            while (w.seq < events) {
                w.event("cpu", ++t, ++t, "dma_resv_test_signaled", "\"buf\":\"b1\",\"args\":{\"usage\":\"BOOKKEEP\"},\"ret\":true");
            }
        }
        return p;
    }

    /**
     * A native-style run of {@code total} calls where every fence signal and callback run (half of
     * them) is not logged: the checker infers each signal when a later event needs it.
     */
    static Path halfUnlogged(Path p, int total, long[] logged) throws IOException {
        try (Writer w = new Writer(p, "native-uapi", "half-unlogged")) {
            long t = 0;
            int original = 0;
            for (int i = 1; original < total; i++) {
                String f = "\"fence\":\"f" + i + "\"";
                w.event("drv", ++t, ++t, "dma_fence_init", f + ",\"args\":{\"context\":1,\"seqno\":" + i + "}");
                w.event("drv", ++t, ++t, "dma_fence_add_callback", f + ",\"cb\":\"c" + i + "\"");
                t += 4; // dma_fence_signal and dma_fence_callback happened here, unlogged
                original += 4;
                if (i % 10 == 0) {
                    w.event("cpu", ++t, ++t, "dma_fence_wait_timeout", f + ",\"args\":{\"timeout\":0,\"intr\":false},\"ret\":1");
                    original++;
                }
            }
            logged[0] = w.seq;
        }
        return p;
    }

    /** {@code threads} threads, each with its own buffer, whose calls interleave so that intervals overlap. */
    static Path concurrent(Path p, int threads, int perThread) throws IOException {
        try (Writer w = new Writer(p, "reference-impl", "threads")) {
            long t = 0;
            for (int k = 0; k < threads; k++) {
                w.event("exp", ++t, ++t, "dma_buf_export", "\"buf\":\"b" + k + "\",\"args\":{\"exporter\":\"system\",\"dynamic\":false}");
            }
            String[] cycle = {"dma_resv_lock", "dma_resv_reserve_fences", "dma_fence_init", "dma_resv_add_fence", "dma_resv_unlock",
                    "dma_fence_signal", "dma_resv_test_signaled", "dma_fence_put"};
            long base = t;
            for (int j = 0; j < perThread; j++) {
                for (int k = 0; k < threads; k++) {
                    long i = j / cycle.length;
                    String b = "\"buf\":\"b" + k + "\"";
                    String f = "\"fence\":\"t" + k + "f" + i + "\"";
                    long start = base + 4L * j + k;
                    long end = start + 2 + (j % 2); // overlaps the other threads' calls, not its own next one
                    String op = cycle[j % cycle.length];
                    String rest = switch (op) {
                        case "dma_resv_reserve_fences" -> b + ",\"args\":{\"num\":1}";
                        case "dma_fence_init" -> f + ",\"args\":{\"context\":" + (10 + k) + ",\"seqno\":" + (i + 1) + "}";
                        case "dma_resv_add_fence" -> b + "," + f + ",\"args\":{\"usage\":\"WRITE\"}";
                        case "dma_fence_signal" -> f;
                        case "dma_resv_test_signaled" -> b + ",\"args\":{\"usage\":\"WRITE\"},\"ret\":true";
                        case "dma_fence_put" -> f + ",\"args\":{\"last\":false}";
                        default -> b;
                    };
                    w.event("t" + k, start, end, op, rest);
                }
            }
        }
        return p;
    }
}
