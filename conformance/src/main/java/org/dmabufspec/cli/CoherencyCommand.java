package org.dmabufspec.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.dmabufspec.conformance.relation.coherency.CoherencyVerdict;
import org.dmabufspec.conformance.relation.coherency.TraceCoherency;
import org.dmabufspec.conformance.trace.TraceFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dmabuf coherency TRACE}: would this trace's cache maintenance keep reads coherent on non-coherent arm64? */
@Command(name = "coherency",
        mixinStandardHelpOptions = true,
        description = {
                "Check that every CPU or device read in a trace sees the last write on a non-coherent platform.",
                "Per attachment, checks that the trace's dma_buf_attach/map/unmap/detach and DMA_BUF_IOCTL_SYNC "
                        + "brackets make every CPU or device read see the last write on a platform whose DMA is not "
                        + "cache-coherent (arm64), whatever the unlogged loads, stores, DMA and cache evictions between "
                        + "them were (specs/tla/DmaBufCoherency.tla: U1, R11, seeds 003/004). Attachments the "
                        + "one-mapping model cannot follow (mapped twice at once, nested brackets) are listed as not "
                        + "analysed.",
                "",
                "Exit codes: 0 no stale read possible, 1 a read can be stale (the report names the trace line "
                        + "after which it can happen), 2 bad input."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:coherent", "1:stale read possible", "2:bad input"})
public final class CoherencyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TRACE", description = "the NDJSON trace file")
    Path trace;

    @Option(names = "--arm64-before-c50f11c6196f",
            description = "arch_sync_dma_for_device(FROM_DEVICE) invalidates instead of cleaning (arm64 before v5.19, 5.10.125, 5.15.50)")
    boolean invalidatingFromDeviceMaps;

    @Option(names = "--all", description = "also list the attachments that are coherent")
    boolean all;

    @Override
    public Integer call() {
        List<TraceCoherency.AttachmentCoherency> result;
        try {
            result = TraceCoherency.check(trace, invalidatingFromDeviceMaps);
        } catch (TraceFormatException e) {
            System.err.println("dmabuf coherency: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            System.err.println("dmabuf coherency: " + trace + ": no such file");
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("dmabuf coherency: " + trace + ": " + e.getMessage());
            return 2;
        }
        int stale = 0;
        int outside = 0;
        for (TraceCoherency.AttachmentCoherency a : result) {
            boolean isStale = a.verdict() instanceof CoherencyVerdict.StaleRead;
            boolean isOutside = a.verdict() instanceof CoherencyVerdict.NotEnabled;
            stale += isStale ? 1 : 0;
            outside += isOutside ? 1 : 0;
            if (isStale || isOutside || all) {
                System.out.println((isStale ? "STALE READ  " : isOutside ? "NOT ANALYSED  " : "coherent  ") + a.describe());
            }
        }
        System.out.println(result.size() + " attachment(s): " + (result.size() - stale - outside) + " coherent, " + stale
                + " with a possible stale read, " + outside + " not analysed");
        return stale > 0 ? 1 : 0;
    }
}
