package org.dmabufspec.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.fuzz.TraceMutator;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Implementation;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.KernelInfo;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.trace.TraceWriter;
import org.dmabufspec.trace.Tracer;
import org.dmabufspec.workload.Injection;
import org.dmabufspec.workload.Workload;
import org.dmabufspec.workload.WorkloadConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dmabuf bench fuzz}: the checker on thousands of mutated traces, with a per-case time bound. */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Check thousands of mutated traces and print how the checker coped.",
                "Seeds are reference-implementation traces generated here (every kernel behaviour, with and without the"
                        + " uAPI mix, legal and with an injected bug). Each case is one seed mutated by TraceMutator (line"
                        + " edits, random bytes, invalid UTF-8, numbers beyond 64 bits, deep nesting, args with up to"
                        + " 100,000 keys, lists of up to 500,000 entries, 10 MB lines, duplicate keys, pretty-printed records,"
                        + " records at the per-record limits) and checked from memory. Then a 1 GB trace generated on the fly"
                        + " (never stored, 1 KB records) is checked, and a trace whose second line is 1 GB long. Run it with a small heap"
                        + " (java -Xmx256m -jar conformance/target/dmabuf.jar bench fuzz) to see memory stay bounded.",
                "Prints: cases, verdicts, unexpected exceptions, cases over the time bound, the slowest case, peak old generation.",
                "",
                "Exit codes: 0 no unexpected exception and no case over the bound, 1 otherwise (figures printed either way)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no exception and no case over the bound", "1:an exception or a case over the bound"})
public final class BenchFuzzCommand implements Callable<Integer> {
    @Option(names = "--cases", defaultValue = "10000", description = "mutated traces to check. Default: ${DEFAULT-VALUE}")
    int cases;

    @Option(names = "--seed", defaultValue = "17", description = "mutation seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--bound-ms", defaultValue = "10000", description = "per-case time bound in ms. Default: ${DEFAULT-VALUE}")
    long boundMs;

    @Option(names = "--big-mb", defaultValue = "1024", description = "size of the generated big trace in MB (0: skip). Default: ${DEFAULT-VALUE}")
    long bigMb;

    @Option(names = "--save", paramLabel = "DIR", description = "write the cases that threw or ran over the bound to DIR")
    Path save;

    @Override
    public Integer call() throws Exception {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "bench fuzz: %s, %d cores, %s %s, max heap %d MB, load average %.2f, seed %d, bound %d ms%n",
                Instant.now(), rt.availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                rt.maxMemory() >> 20, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), seed, boundMs);
        List<List<String>> seeds = seeds();
        System.out.printf(Locale.ROOT, "seeds: %d generated traces, %d to %d lines%n", seeds.size(),
                seeds.stream().mapToInt(List::size).min().orElse(0), seeds.stream().mapToInt(List::size).max().orElse(0));
        Random rnd = new Random(seed);
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        Map<TraceMutator.Kind, long[]> byKind = new EnumMap<>(TraceMutator.Kind.class);
        int exceptions = 0;
        int over = 0;
        long slowestNs = -1;
        String slowest = "";
        long t0 = System.nanoTime();
        for (int i = 0; i < cases; i++) {
            TraceMutator.Case c = TraceMutator.mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
            long s = System.nanoTime();
            String outcome;
            try {
                CheckReport r = TraceChecker.check(new ByteArrayInputStream(c.bytes()), "case-" + i + ".ndjson", CheckOptions.defaults());
                verdicts.merge(r.verdict(), 1, Integer::sum);
                r.toText();
                outcome = r.verdict().toString();
            } catch (RuntimeException | Error e) {
                exceptions++;
                outcome = "exception " + e;
                if (exceptions <= 5) {
                    System.out.println("  unexpected exception in case " + i + " (" + c.kind() + "): " + e);
                }
                keep(i, c);
            }
            long dt = System.nanoTime() - s;
            long[] k = byKind.computeIfAbsent(c.kind(), x -> new long[2]);
            k[0]++;
            k[1] = Math.max(k[1], dt);
            if (dt > boundMs * 1_000_000L) {
                over++;
                System.out.printf(Locale.ROOT, "  case %d (%s, %,d bytes) took %,d ms: %s%n", i, c.kind(), c.bytes().length, dt / 1_000_000, outcome);
                keep(i, c);
            }
            if (dt > slowestNs) {
                slowestNs = dt;
                slowest = String.format(Locale.ROOT, "case %d (%s, %,d bytes, %s)", i, c.kind(), c.bytes().length, outcome);
            }
        }
        double total = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "cases: %,d in %.1f s; verdicts %s%n", cases, total, verdicts);
        for (Map.Entry<TraceMutator.Kind, long[]> e : byKind.entrySet()) {
            System.out.printf(Locale.ROOT, "  %-14s %,6d cases, slowest %,8.1f ms%n", e.getKey(), e.getValue()[0], e.getValue()[1] / 1e6);
        }
        System.out.printf(Locale.ROOT, "unexpected exceptions: %d%ncases over %d ms: %d%nslowest: %.1f ms, %s%n", exceptions, boundMs, over,
                slowestNs / 1e6, slowest);
        if (bigMb > 0) {
            big(bigMb);
        }
        System.out.printf(Locale.ROOT, "peak old generation: %d MB%n", peakHeapMb());
        return exceptions == 0 && over == 0 ? 0 : 1;
    }

    private void keep(int i, TraceMutator.Case c) throws IOException {
        if (save != null) {
            Files.createDirectories(save);
            Files.write(save.resolve("case-" + i + "-" + c.kind() + ".ndjson"), c.bytes());
        }
    }

    /** Legal and injected traces of the reference implementation, one per kernel behaviour and uAPI setting. */
    static List<List<String>> seeds() throws Exception {
        List<List<String>> out = new ArrayList<>();
        long s = 1;
        for (String k : new String[] {"6.1", "6.2", "6.15", "7.1"}) {
            for (boolean uapi : new boolean[] {false, true}) {
                for (Injection inj : new Injection[] {null, Injection.values()[(int) (s % Injection.values().length)]}) {
                    WorkloadConfig cfg = new WorkloadConfig(1, 120, s++, KernelBehaviour.parse(k, true), inj, Clock.LOGICAL, uapi);
                    TraceHeader h = new TraceHeader(Implementation.REFERENCE, new KernelInfo(cfg.kernel(), null, false, true), cfg.clock(),
                            "bench/fuzz-seed", cfg.seed(), inj == null ? null : inj.text(), null);
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    TraceWriter w = new TraceWriter(b, h);
                    new Workload(cfg, new Tracer(w, cfg.clock())).run();
                    w.finish(TraceEnd.Status.COMPLETE, null);
                    out.add(List.of(b.toString(StandardCharsets.UTF_8).split("\n")));
                }
            }
        }
        return out;
    }

    private static final String PAD = "x".repeat(1024);

    private static final String HEADER = "{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,\"implementation\":"
            + "{\"name\":\"bench\",\"version\":\"1\"},\"kernel\":{\"behaviour\":\"6.15\",\"move_notify\":true},\"clock\":\"logical\"}\n";

    /** A trace of {@code mb} MB generated while it is read: lock/unlock of one buffer, numbered on the fly. */
    private static void big(long mb) {
        long target = mb << 20;
        InputStream gen = new InputStream() {
            private byte[] chunk = (HEADER + "{\"type\":\"event\",\"seq\":1,\"thread\":\"t\",\"start\":1,\"end\":1,\"op\":\"dma_buf_export\",\"buf\":\"b1\","
                    + "\"args\":{\"exporter\":\"x\",\"dynamic\":false},\"result\":0}\n").getBytes(StandardCharsets.UTF_8);
            private int pos;
            private long written;
            private long seq = 1;
            private boolean ended;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos == chunk.length && !next()) {
                    return -1;
                }
                int n = Math.min(len, chunk.length - pos);
                System.arraycopy(chunk, pos, b, off, n);
                pos += n;
                written += n;
                return n;
            }

            private boolean next() {
                if (ended) {
                    return false;
                }
                StringBuilder sb = new StringBuilder(17 * 1024);
                if (written >= target) {
                    sb.append("{\"type\":\"end\",\"events\":").append(seq).append(",\"status\":\"complete\"}\n");
                    ended = true;
                } else {
                    // lock/unlock pairs, each carrying a 1 KB informational ioctl name: 1 GB is read and
                    // parsed in full (about a million events); the checker holds up to 16,384 events for reordering, so memory is bounded by that window times the record size
                    String op = seq % 2 == 1 ? "dma_resv_lock" : "dma_resv_unlock";
                    seq++;
                    sb.append("{\"type\":\"event\",\"seq\":").append(seq).append(",\"thread\":\"t\",\"start\":").append(seq)
                            .append(",\"end\":").append(seq).append(",\"op\":\"").append(op).append("\",\"ioctl\":\"")
                            .append(PAD).append("\",\"buf\":\"b1\",\"result\":0}\n");
                }
                chunk = sb.toString().getBytes(StandardCharsets.UTF_8);
                pos = 0;
                return true;
            }
        };
        long s = System.nanoTime();
        CheckReport r = TraceChecker.check(gen, "generated-" + mb + "MB.ndjson", CheckOptions.defaults());
        double dt = (System.nanoTime() - s) / 1e9;
        System.out.printf(Locale.ROOT, "%,d MB trace generated on the fly (1 KB records): %s, %,d events in %.1f s (%.0f MB/s), peak old generation so far %d MB%s%n",
                mb, r.verdict(), r.events(), dt, mb / dt, peakHeapMb(), r.problem() == null ? "" : ": " + r.problem());
        // a second line of 1 GB: refused at the per-record limit without reading the rest
        InputStream longLine = new InputStream() {
            private final byte[] head = (HEADER + "{\"type\":\"event\",\"thread\":\"").getBytes(StandardCharsets.UTF_8);
            private long pos;

            @Override
            public int read() {
                if (pos >= (1L << 30)) {
                    return -1;
                }
                return pos < head.length ? head[(int) pos++] : 'a' + (int) (pos++ % 26);
            }
        };
        s = System.nanoTime();
        CheckReport l = TraceChecker.check(longLine, "long-line.ndjson", CheckOptions.defaults());
        System.out.printf(Locale.ROOT, "1 GB line: %s in %.2f s: %s%n", l.verdict(), (System.nanoTime() - s) / 1e9, l.problem());
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            // the old generation holds what survives: its peak is what a run really needed
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null && (p.getName().contains("Old") || p.getName().contains("Tenured"))) {
                peak = Math.max(peak, p.getPeakUsage().getUsed());
            }
        }
        return peak >> 20;
    }
}
