package org.dmabufspec.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dmabufspec.conformance.nativerun.HostRunner;
import org.dmabufspec.conformance.nativerun.NativeConformance;
import org.dmabufspec.conformance.nativerun.NativeDir;
import org.dmabufspec.conformance.nativerun.NativeReport;
import org.dmabufspec.conformance.nativerun.NativeRunException;
import org.dmabufspec.conformance.nativerun.NativeRunner;
import org.dmabufspec.conformance.nativerun.RecordedRun;
import org.dmabufspec.conformance.nativerun.TraceVerdict;
import org.dmabufspec.conformance.nativerun.VmRunner;
import org.dmabufspec.conformance.nativerun.kmod.KmodReport;
import org.dmabufspec.conformance.nativerun.kmod.KmodRun;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dmabuf native run}: prints the harness's KTAP, then one verdict per trace. Exit 0 only
 * if every scenario ran and passed and every trace was accepted; 1 if something failed; 2 if
 * the run itself could not happen (a missing prerequisite, a VM that did not finish).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the native harness (in a VM by default), print KTAP and validate each scenario's trace.",
                "",
                "Exit codes: 0 every scenario ran and passed and every trace was judged as required (uAPI: accepted;"
                        + " kmod: legal scenarios accepted, misuse scenarios rejected naming their rule), 1 something"
                        + " failed, 2 the run could not happen (missing prerequisite, VM that did not finish, unreadable"
                        + " recorded run)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:passed", "1:a scenario or a trace verdict failed", "2:the run could not happen"})
public final class NativeRunCommand implements Callable<Integer> {

    static final class Where {
        @Option(names = "--vm", description = "Boot the Debian trixie kernel under qemu (default).")
        boolean vm;
        @Option(names = "--host", description = "Run on this host's kernel (needs /dev/dma_heap/system and vgem).")
        boolean host;
    }

    @ArgGroup(exclusive = true)
    Where where = new Where();

    @Option(names = "--scenario", paramLabel = "NAME", description = "Scenario to run (repeatable); default: all, including the slow ones.")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    @Option(names = "--out", paramLabel = "DIR", description = "Where console, trace stream and per-scenario traces go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("target", "native-run");

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "VM time limit, boot to power-off (default: ${DEFAULT-VALUE}).")
    int timeout = 300;

    @Option(names = "--kmod", description = "Run the in-kernel test module (kmod/dmabuf_conformance.ko) instead of the uAPI harness: legal scenarios must be accepted, misuse scenarios rejected naming their rule (VM only).")
    boolean kmod;

    @Option(names = "--native-dir", paramLabel = "DIR", description = "The conformance/native directory (default: found from the working directory).")
    Path nativeDir;

    @Option(names = "--from", paramLabel = "DIR", description = "Judge a recorded run (DIR/console.log and DIR/trace.ndjson, or DIR/traces/*.ndjson) exactly as a live run is judged, instead of running the harness; a kmod run (native-kmod traces) is judged as --kmod.")
    Path from;

    @Override
    public Integer call() {
        PrintStream o = System.out;
        PrintStream e = System.err;
        try {
            if (from != null) {
                RecordedRun rec = new RecordedRun(from);
                if (kmod || rec.kmod()) {
                    // a kmod run's misuse traces are meant to be rejected: judged as a live --kmod run judges them
                    KmodReport r = KmodRun.judge(rec.console(), rec.traces(), scenarios, out.toAbsolutePath());
                    r.print(o, out.resolve("traces").toString());
                    return r.passed() ? 0 : 1;
                }
                return report(o, new NativeConformance(rec, NativeConformance.defaultValidators(
                        out.toAbsolutePath().resolve("traces").resolve("checker"))).run(scenarios, out.toAbsolutePath()));
            }
            Path dir = nativeDir != null ? nativeDir : NativeDir.locate();
            if (kmod) {
                if (where.host || list) {
                    throw new NativeRunException("--kmod runs only in the VM (--vm) and has no --list: the scenarios are in kmod/dmabuf_conformance.c");
                }
                KmodReport r = new KmodRun(dir, timeout, true).run(scenarios, out.toAbsolutePath());
                r.print(o, out.resolve("traces").toString());
                return r.passed() ? 0 : 1;
            }
            List<String[]> known = HostRunner.list(dir, e);
            if (list) {
                for (String[] s : known) {
                    o.println(s[0] + (s.length > 1 ? "  (" + s[1] + ")" : ""));
                }
                return 0;
            }
            for (String s : scenarios) {
                if (known.stream().noneMatch(k -> k[0].equals(s))) {
                    e.println("dmabuf native run: unknown scenario '" + s + "' (see dmabuf native run --list)");
                    return 2;
                }
            }
            NativeRunner runner = where.host ? new HostRunner(dir, e) : new VmRunner(dir, timeout, e);
            return report(o, new NativeConformance(runner, NativeConformance.defaultValidators(out.toAbsolutePath().resolve("traces").resolve("checker")))
                    .run(scenarios, out.toAbsolutePath()));
        } catch (NativeRunException ex) {
            e.println("dmabuf native run: " + ex.getMessage());
            return 2;
        }
    }

    /** KTAP, then one verdict per trace; 0 only if every scenario passed and every trace was accepted. */
    private static int report(PrintStream o, NativeReport report) {
        report.ktap().lines().forEach(o::println);
        o.println("# trace verdicts");
        for (TraceVerdict v : report.verdicts()) {
            // multi-line checker reports stay KTAP diagnostics
            o.println("# " + (v.accepted() ? "accepted " : "REJECTED ") + v.scenario() + " [" + v.validator() + "] "
                    + v.detail().replace("\n", "\n#   "));
        }
        if (report.passed()) {
            o.println("# native conformance: " + report.verdicts().size() + " scenarios ran, every trace accepted");
            return 0;
        }
        report.problems().forEach(p -> o.println("# FAILED: " + p.replace("\n", "\n#   ")));
        return 1;
    }
}
