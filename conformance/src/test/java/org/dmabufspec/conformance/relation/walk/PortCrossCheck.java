package org.dmabufspec.conformance.relation.walk;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The tally of the port of an oracle onto {@link OracleSearch}: the old walk over start and end
 * points and the new search run on the same traces; verdicts and rejected events compared, thread
 * CPU of each summed (the two alternate, so the load weighs on both alike).
 */
public final class PortCrossCheck {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** A verdict as both sides give it. */
    public record Result(boolean accepted, int rejectedIndex) {
    }

    private final String name;
    private int traces;
    private int rejected;
    private long oldNs;
    private long newNs;
    private final List<String> differ = new ArrayList<>();

    public PortCrossCheck(String name) {
        this.name = name;
    }

    public void compare(String what, Supplier<Result> old, Supplier<Result> now) {
        long t0 = CPU.getCurrentThreadCpuTime();
        Result a = old.get();
        long t1 = CPU.getCurrentThreadCpuTime();
        Result b = now.get();
        long t2 = CPU.getCurrentThreadCpuTime();
        oldNs += t1 - t0;
        newNs += t2 - t1;
        traces++;
        if (!a.accepted()) {
            rejected++;
        }
        if (!a.equals(b)) {
            differ.add(what + ": point walk " + a + ", search " + b);
        }
    }

    public int traces() {
        return traces;
    }

    public int rejected() {
        return rejected;
    }

    public List<String> differ() {
        return differ;
    }

    public String summary() {
        return String.format("%s: %d traces, %d rejected, %d verdicts or rejected events differ; thread CPU point walk %.2f s, search %.2f s",
                name, traces, rejected, differ.size(), oldNs / 1e9, newNs / 1e9);
    }
}
