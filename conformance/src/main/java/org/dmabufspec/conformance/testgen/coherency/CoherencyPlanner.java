package org.dmabufspec.conformance.testgen.coherency;

import static org.dmabufspec.conformance.testgen.KernelCall.argMap;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dmabufspec.conformance.relation.coherency.CoherencyConstants;
import org.dmabufspec.conformance.relation.coherency.CoherencyState;
import org.dmabufspec.conformance.relation.coherency.LastRead;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaBufCoherency edges as calls on one {@code NonCoherentBuffer}: every action is one call, the
 * cache's eviction and speculative fill included (the implementation's cache does them when told, as
 * the model's does them at any time). A read returns the version it saw ({@code v<n>}, with {@code
 * broke U1} when that is not the last write). Observed after each step: memory, the line's state and
 * version, attached, the importer's and the DMA-API mapping's direction, the open bracket's flags, and
 * who made the last read and what it returned; the ghost lastWrite is not observable.
 */
final class CoherencyPlanner implements Vocabulary.Planner {
    static final String BUF = "buf";
    private final CoherencyConstants k;
    private final boolean inductive;

    /** @param inductive MCDmaBufCoherency_Ind: each test starts in its first state, injected ({@link #inject}) */
    CoherencyPlanner(CoherencyConstants k, boolean inductive) {
        this.k = k;
        this.inductive = inductive;
    }

    /**
     * An inductive model's initial state as one {@code inject_state} setup call: the buffer's constants and every
     * variable, the ghosts lastWrite (the version the next write makes is one more) and lastRead included.
     */
    @Override
    public java.util.Optional<List<KernelCall>> inject(Map<String, TlaValue> state) {
        if (!inductive) {
            return java.util.Optional.empty();
        }
        CoherencyState s = CoherencyState.decode(state);
        return java.util.Optional.of(List.of(new KernelCall("inject_state", argMap("buf", BUF, "kernel", k.kernelBehaviour(),
                "cachedDir", k.cachedDir().tla(), "cpuAccessOps", String.valueOf(k.exporterCpuAccessOps()),
                "fromDeviceMapInvalidates", String.valueOf(k.fromDeviceMapInvalidates()), "mem", String.valueOf(s.mem()),
                "line", s.line().state().tla() + "/" + s.line().val(), "attached", String.valueOf(s.attached()),
                "importerMap", s.importerMap().tla(), "dmaMap", s.dmaMap().tla(), "cpuSync", s.cpuSync().tla(),
                "lastWrite", String.valueOf(s.lastWrite()), "lastRead", s.lastRead().by().tla() + "/" + s.lastRead().val()
                        + "/" + s.lastRead().latest()), "0")));
    }

    @Override
    public List<KernelCall> setup() {
        return List.of(new KernelCall("dma_buf_export", argMap("buf", BUF, "kernel", k.kernelBehaviour(), "cachedDir",
                k.cachedDir().tla(), "cpuAccessOps", String.valueOf(k.exporterCpuAccessOps()), "fromDeviceMapInvalidates",
                String.valueOf(k.fromDeviceMapInvalidates())), "0"));
    }

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after) {
        CoherencyState a = CoherencyState.decode(after);
        return switch (action) {
            case "DmaBufAttach" -> call("attach", "0", "R11");
            case "DmaBufDetach" -> call("detach", "0", "R11");
            case "DmaBufMapAttachment" -> new StepPlan(new KernelCall("map", argMap("buf", BUF, "dir", a.importerMap().tla()), "0"),
                    "", "R11");
            case "DmaBufUnmapAttachment" -> call("unmap", "0", "R11");
            case "DmaBufBeginCpuAccess" -> new StepPlan(new KernelCall("begin_cpu_access", argMap("buf", BUF, "flags",
                    a.cpuSync().tla()), "0"), "", "U1");
            case "DmaBufEndCpuAccess" -> call("end_cpu_access", "0", "U1");
            case "CpuLoad" -> call("cpu_load", read(a.lastRead()), "U1");
            case "CpuStore" -> call("cpu_store", "0", "U1");
            case "CacheEvict" -> call("cache_evict", "0", "U1");
            case "CacheSpeculativeFill" -> call("cache_fill", "0", "U1");
            case "DeviceDmaRead" -> call("device_read", read(a.lastRead()), "U1");
            case "DeviceDmaWrite" -> call("device_write", "0", "U1");
            default -> StepPlan.notDrivable("no call for action " + action, "U1");
        };
    }

    /** What a read call returns: the version, and the broken rule when it is not the last write (a mutant's counterexample). */
    static String read(LastRead r) {
        return "v" + r.val() + (r.val() == r.latest() ? "" : " broke U1");
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        CoherencyState s = CoherencyState.decode(state);
        Map<String, String> out = new TreeMap<>();
        out.put(BUF + ".mem", String.valueOf(s.mem()));
        out.put(BUF + ".line", s.line().state().tla() + "/" + s.line().val());
        out.put(BUF + ".attached", String.valueOf(s.attached()));
        out.put(BUF + ".importerMap", s.importerMap().tla());
        out.put(BUF + ".dmaMap", s.dmaMap().tla());
        out.put(BUF + ".cpuSync", s.cpuSync().tla());
        out.put(BUF + ".lastRead", s.lastRead().by().tla() + "/" + s.lastRead().val());
        return out;
    }

    private static StepPlan call(String op, String expect, String rule) {
        return new StepPlan(new KernelCall(op, argMap("buf", BUF), expect), "", rule);
    }
}
