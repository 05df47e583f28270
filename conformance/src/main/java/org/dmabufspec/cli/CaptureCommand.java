package org.dmabufspec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dmabufspec.conformance.capture.Btf;
import org.dmabufspec.conformance.capture.CaptureConverter;
import org.dmabufspec.conformance.capture.CaptureFormatException;
import org.dmabufspec.conformance.capture.CapturedTrace;
import org.dmabufspec.conformance.capture.OffsetProbes;
import org.dmabufspec.conformance.capture.RawCaptureParser;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.nativerun.NativeDir;
import org.dmabufspec.conformance.nativerun.NativeRunException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dmabuf capture}: record the running kernel's dma-buf traffic from outside and judge it. */
@Command(name = "capture",
        mixinStandardHelpOptions = true,
        description = {
                "Record the dma-buf traffic of the running kernel from outside and judge it against the specs.",
                "Run as root on the machine under test: kprobes on the exported dma_buf_*, dma_resv_*, dma_fence_*"
                        + " and ww_mutex_* functions (tracefs, no rebuild, drivers unmodified) record until COMMAND"
                        + " ends, --duration passes or Ctrl-C, and every probe is removed again, also on errors and"
                        + " signals. The raw ftrace lines are then converted into a trace (docs/capture.md) and"
                        + " judged like dmabuf validate; a rejection names the rule and the driver function that"
                        + " made the call. On kernels before 6.6, whose kprobes cannot fetch arguments by BTF name,"
                        + " the arguments are fetched at offsets read from the kernel's BTF (/sys/kernel/btf/vmlinux).",
                "",
                "With --convert RAW it converts and judges a raw capture recorded earlier (or elsewhere), without"
                        + " root.",
                "",
                "Exit codes: 0 accepted, 1 rejected, 2 the capture could not be made or read (the message names"
                        + " the file, line and field, or what the kernel lacks) or a checker bound was hit."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:accepted", "1:rejected", "2:no capture, bad raw capture, or a checker bound hit"})
public final class CaptureCommand implements Callable<Integer> {
    @Option(names = "--convert", paramLabel = "RAW", description = "convert and judge this raw capture instead of recording")
    Path convert;

    @Option(names = {"-o", "--out"}, paramLabel = "TRACE", description = "where the trace goes (default: capture.ndjson, or RAW's name with .ndjson)")
    Path out;

    @Option(names = "--raw", paramLabel = "FILE", description = "where the recorder writes the raw capture. Default: ${DEFAULT-VALUE}")
    Path raw = Path.of("capture.raw");

    @Option(names = "--pid", paramLabel = "PID", description = "record only this process (and the children it forks)")
    String pid;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "stop after this many seconds (default: at the end of COMMAND, or on Ctrl-C)")
    String duration;

    @Option(names = "--buffer-kb", paramLabel = "KB", description = "ring buffer per CPU; a capture that overran it is refused. Default: ${DEFAULT-VALUE}")
    int bufferKb = 16384;

    @Option(names = "--scenario", paramLabel = "NAME", description = "the workload's name, written into the trace header")
    String scenario;

    @Option(names = "--no-validate", description = "only convert; do not judge the trace")
    boolean noValidate;

    @Option(names = "--tracefs", paramLabel = "DIR", description = "where tracefs is mounted (default: /sys/kernel/tracing, else /sys/kernel/debug/tracing)")
    Path tracefs;

    @Option(names = "--btf", paramLabel = "FILE", description = "the running kernel's BTF, read for field offsets when its kprobes cannot fetch arguments by name (before 6.6). Default: ${DEFAULT-VALUE}")
    Path btf = Path.of("/sys/kernel/btf/vmlinux");

    // a stand-in for /proc/kallsyms (tests with a fake tracefs)
    @Option(names = "--kallsyms", paramLabel = "FILE", hidden = true)
    Path kallsyms;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the workload to run while recording (after --)")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        Path rawFile = convert;
        if (rawFile == null) {
            try {
                int rc = record();
                if (rc == 2 || !Files.isRegularFile(raw)) {
                    return 2;
                }
                if (rc != 0) {
                    System.err.println("dmabuf capture: the workload exited with status " + rc + "; judging what was recorded");
                }
            } catch (NativeRunException | IOException e) {
                System.err.println("dmabuf capture: " + e.getMessage());
                return 2;
            }
            rawFile = raw;
        }
        Path trace = out != null ? out : convert != null ? withExtension(convert) : Path.of("capture.ndjson");
        CapturedTrace t;
        try {
            t = CaptureConverter.convert(RawCaptureParser.parse(rawFile), scenario);
            Files.writeString(trace, t.toNdjson(), StandardCharsets.UTF_8);
        } catch (CaptureFormatException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("dmabuf capture: " + e.getMessage());
            return 2;
        }
        System.out.println("dmabuf capture: " + t.events().size() + " events from " + rawFile + " written to " + trace);
        t.observation().describe().forEach(l -> System.out.println("  " + l));
        t.notes().forEach(l -> System.out.println("  note: " + l));
        if (noValidate) {
            return 0;
        }
        CheckReport r = TraceChecker.check(trace);
        System.out.println(r.toText().strip());
        return r.exitCode();
    }

    private int record() throws NativeRunException, IOException {
        Path script = NativeDir.locate().resolve("capture/dmabuf-capture.sh");
        List<String> cmd = new ArrayList<>(List.of("sh", script.toString(), "--out", raw.toString(),
                "--buffer-kb", Integer.toString(bufferKb)));
        if (pid != null) {
            cmd.addAll(List.of("--pid", pid));
        }
        if (duration != null) {
            cmd.addAll(List.of("--duration", duration));
        }
        if (tracefs != null) {
            cmd.addAll(List.of("--tracefs", tracefs.toString()));
        }
        if (kallsyms != null) {
            cmd.addAll(List.of("--kallsyms", kallsyms.toString()));
        }
        Path table = offsetTable(script);
        if (table != null) {
            cmd.addAll(List.of("--probes", table.toString()));
        }
        if (!command.isEmpty()) {
            cmd.add("--");
            cmd.addAll(command);
        }
        // Ctrl-C reaches the whole process group: the recorder stops cleanly, this JVM must go on
        // to convert what it recorded.
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> { });
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            return 2;
        }
    }

    /**
     * On a kernel whose kprobes cannot fetch arguments by BTF name (its tracefs README does not
     * offer {@code <argname>}), the recorder's table with parameter names and fields turned into
     * {@code $argN} and offsets from the kernel's BTF, written next to the raw capture; null when
     * names work (or the README cannot be read: the recorder then says what is wrong).
     */
    private Path offsetTable(Path script) throws NativeRunException, IOException {
        Path dir = tracefs != null ? tracefs
                : Files.exists(Path.of("/sys/kernel/tracing/README")) ? Path.of("/sys/kernel/tracing") : Path.of("/sys/kernel/debug/tracing");
        Path readme = dir.resolve("README");
        if (!Files.isReadable(readme) || Files.readString(readme, StandardCharsets.UTF_8).contains("<argname>")) {
            return null;
        }
        if (!Files.isReadable(btf)) {
            throw new NativeRunException("the kernel's kprobes cannot fetch arguments by BTF name (no CONFIG_PROBE_EVENTS_BTF_ARGS,"
                    + " Linux 6.6+) and " + btf + " (CONFIG_DEBUG_INFO_BTF) is not readable: no field offsets to fetch the arguments"
                    + " at; use a kernel with one of them, or give its BTF with --btf FILE");
        }
        Process p = new ProcessBuilder("sh", script.toString(), "--print-probes").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new NativeRunException(script + " --print-probes failed: " + text.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NativeRunException("interrupted");
        }
        List<String> translated;
        try {
            translated = OffsetProbes.translate(text.lines().toList(), Btf.read(btf));
        } catch (IllegalArgumentException e) {
            throw new NativeRunException(btf + ": " + e.getMessage());
        }
        Path table = raw.resolveSibling(raw.getFileName() + ".probes");
        Files.write(table, translated, StandardCharsets.UTF_8);
        System.err.println("dmabuf capture: the kernel's kprobes cannot fetch arguments by BTF name: fetching them at offsets"
                + " read from " + btf + " (" + table + ")");
        return table;
    }

    private static Path withExtension(Path rawFile) {
        String n = rawFile.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return rawFile.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ".ndjson");
    }
}
