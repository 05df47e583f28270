package org.dmabufspec.conformance.relation.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.dmabufspec.conformance.relation.GraphComparison;
import org.dmabufspec.conformance.relation.GraphDifference;
import org.dmabufspec.conformance.relation.ModelGraphs;
import org.dmabufspec.conformance.relation.Mutant;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.TlcGraph;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.Model;
import org.junit.jupiter.api.Test;

/**
 * The state-graph comparison catches deliberately wrong copies of DmaBufCpuDeviceAccess: each
 * mutant below differs from the spec in one guard or one step, and TLC's graph of the default
 * model tells. The faithful copy equals the graph: StateGraphEqualityTest compares it.
 */
class DmaBufCpuDeviceAccessGraphTest {
    private static final DmaBufCpuDeviceAccessProvider PROVIDER = new DmaBufCpuDeviceAccessProvider();
    private static final String MODEL = "DmaBufCpuDeviceAccess_6_15_Small";

    @Test
    void faultHandlerThatDoesNotWaitForTheMoveFenceIsCaught() {
        TlcGraph g = graph();
        DmaBufCpuDeviceAccessRelation spec = relation(g);
        // R22's ttm_bo_vm_fault_idle dropped (DmaBufCpuDeviceAccess_FaultBeforeMoveDone): the handler maps the new
        // placement while the move's copy into it is pending
        SpecRelation<CpuDeviceAccessState> mutant = Mutant.adding(spec, s -> s.faulting().entrySet().stream()
                .filter(f -> !f.getValue().equals("nokind"))
                .filter(f -> s.device().moveFence().get("b1").equals("pending")
                        && s.device().expBuf().values().stream().noneMatch("b1"::equals))
                .map(f -> new Transition<>("TtmBoVmFault", s.cpu(s.mmapped(), CpuDeviceAccessState.put(s.faulting(),
                        f.getKey(), "nokind"), CpuDeviceAccessState.put(s.cpuPte(), f.getKey(),
                        s.device().placement().get("b1")), s.vmapRegion(), s.cpuZapped(), Optional.empty())))
                .toList());
        assertReported(GraphComparison.compare(mutant, g, 5), GraphDifference.StepOnlyInJava.class, "TtmBoVmFault");
    }

    @Test
    void moveNotifyBeforeTheCpuZapIsCaught() {
        TlcGraph g = graph();
        DmaBufCpuDeviceAccessRelation spec = relation(g);
        // R21's order dropped: the driver's move notifies the importers before ttm_bo_unmap_virtual
        SpecRelation<CpuDeviceAccessState> mutant = Mutant.replacing(spec, s -> {
            List<Transition<CpuDeviceAccessState>> out = new java.util.ArrayList<>(spec.next(s));
            if (!s.cpuZapped().get("e1")) {
                for (String a : spec.constants().device().importers()) {
                    CpuDeviceAccessState zapped = new CpuDeviceAccessState(s.device(), s.mmapped(), s.faulting(),
                            s.cpuPte(), s.vmapRegion(), CpuDeviceAccessState.put(s.cpuZapped(), "e1", true), Optional.empty());
                    List<Transition<CpuDeviceAccessState>> l = new java.util.ArrayList<>();
                    spec.exporterMoveNotify(zapped, "e1", a, l);
                    l.forEach(t -> out.add(new Transition<>(t.action(), new CpuDeviceAccessState(t.successor().device(),
                            s.mmapped(), s.faulting(), s.cpuPte(), s.vmapRegion(), s.cpuZapped(), Optional.empty()))));
                }
            }
            return out;
        });
        assertReported(GraphComparison.compare(mutant, g, 5), GraphDifference.StepOnlyInJava.class, "ExporterMoveNotify");
    }

    private static TlcGraph graph() {
        Model m = ModelGraphs.model(MODEL);
        return ModelGraphs.tlcGraph(m, PROVIDER.constants(m)); // StateGraphEqualityTest shares this run
    }

    private static DmaBufCpuDeviceAccessRelation relation(TlcGraph g) {
        return (DmaBufCpuDeviceAccessRelation) PROVIDER.relation(g.model(), g.constants());
    }

    private static void assertReported(GraphComparison.Result r, Class<? extends GraphDifference> kind, String action) {
        assertFalse(r.same(), "the mutant must differ");
        assertTrue(r.differences().stream().anyMatch(d -> kind.isInstance(d) && d.describe().contains(action)),
                r.report());
    }
}
