package org.dmabufspec.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dmabufspec.conformance.nativerun.NativeDir;
import org.dmabufspec.conformance.nativerun.NativeRunException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dmabuf bench capture}: what {@code dmabuf capture} costs a workload, measured in the VM. */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = {"Measure the overhead of dmabuf capture on the uAPI harness in the VM runner.",
                "Boots Debian trixie's kernel under qemu (conformance/native/vm/run-vm.sh --capture --bench N) and runs"
                        + " the harness alone and under the capture recorder, alternating, --rounds times. Prints per round"
                        + " the harness's time alone and captured, the probe hits and hits per second, ring-buffer losses"
                        + " and the recorder's set-up and teardown, then the totals and the slowdown (docs/capture.md)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:figures printed", "1:a round's harness failed", "2:bad option, or the VM run is unusable"})
public final class BenchCaptureCommand implements Callable<Integer> {
    @Option(names = "--rounds", defaultValue = "3", description = "rounds of alone + captured. Default: ${DEFAULT-VALUE}")
    int rounds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench-capture",
            description = "where the console log and the qemu output go. Default: ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1500", description = "the whole VM run. Default: ${DEFAULT-VALUE}")
    int timeout;

    @Override
    public Integer call() {
        if (rounds < 1 || timeout < 1) {
            System.err.println("dmabuf bench capture: --rounds and --timeout must be at least 1");
            return 2;
        }
        try {
            Path runVm = NativeDir.locate().resolve("vm/run-vm.sh");
            Process p = new ProcessBuilder(List.of("bash", runVm.toString(), "--out", out.toString(), "--capture",
                    "--bench", Integer.toString(rounds), "--timeout", Integer.toString(timeout))).inheritIO().start();
            return p.waitFor();
        } catch (NativeRunException | java.io.IOException e) {
            System.err.println("dmabuf bench capture: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }
}
