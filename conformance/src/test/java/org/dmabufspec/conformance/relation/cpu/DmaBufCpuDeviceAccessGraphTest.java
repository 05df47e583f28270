package org.dmabufspec.conformance.relation.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.FullSets;

import org.dmabufspec.conformance.relation.GraphComparison;
import org.dmabufspec.conformance.relation.GraphDifference;
import org.dmabufspec.conformance.relation.ModelGraphs;
import org.dmabufspec.conformance.relation.Mutant;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.TlcGraph;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.device.DeviceAccessConstants;
import org.dmabufspec.conformance.relation.device.DeviceAccessState;
import org.dmabufspec.conformance.relation.device.DmaBufDeviceAccessRelation;
import org.dmabufspec.tlc.Model;
import org.junit.jupiter.api.Test;

/**
 * The state-graph comparison catches deliberately wrong copies of DmaBufCpuDeviceAccess: each
 * mutant below differs from the spec in one guard or one step, and TLC's graph of the model with the
 * feature it breaks tells (the default 6.15 model; with -Pfull the deep 7.1 and two-importer ones). The
 * faithful copy equals those graphs: StateGraphEqualityTest compares them.
 */
class DmaBufCpuDeviceAccessGraphTest {
    private static final DmaBufCpuDeviceAccessProvider PROVIDER = new DmaBufCpuDeviceAccessProvider();
    private static final String MODEL = "DmaBufCpuDeviceAccess_6_15_Small";
    private static final String MODEL_7_1 = "DmaBufCpuDeviceAccess_7_1_Small";
    private static final String MODEL_TWO_IMPORTERS = "DmaBufCpuDeviceAccess_6_15";

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

    /** 7.1 (the deep model DmaBufCpuDeviceAccess_7_1_Small, 3,076 states, compared in the full set: so is this copy). */
    @Test
    void sevenOneReleaseOfTheOldStorageBeforeTheReadAndDiscardUnmapIsCaught() {
        assumeTrue(FullSets.full(), "-Pfull: the 7.1 graph is the full set's");
        TlcGraph g = graph(MODEL_7_1);
        DmaBufCpuDeviceAccessRelation spec = relation(g);
        DeviceAccessConstants d = spec.constants().device();
        assertEquals("7.1", d.kernelBehaviour());
        assertFalse(d.readAndDiscardImporters().isEmpty(), "the 7.1 model needs a read-and-discard importer");
        // R5b dropped: the exporter frees the old storage once the move fence signals, as in 6.15, while the
        // read-and-discard importer's invalidated mapping still points at it (B24's use after free)
        DmaBufDeviceAccessRelation sixFifteen = new DmaBufDeviceAccessRelation(new DeviceAccessConstants("6.15", d.buffers(),
                d.importers(), d.importerBuf(), d.dynamicImporters(), d.readAndDiscardImporters(), d.regions(),
                d.initPlacement(), d.slots(), d.jobSlots(), d.mapDirs(), d.exporters()));
        SpecRelation<CpuDeviceAccessState> mutant = Mutant.adding(spec, s -> {
            List<Transition<DeviceAccessState>> l = new ArrayList<>();
            d.buffers().forEach(b -> sixFifteen.dmaBufReleaseOldStorage(s.device(), b, l));
            return l.stream().map(t -> new Transition<>("DevReleaseOldStorage", s.withDevice(t.successor()))).toList();
        });
        assertReported(GraphComparison.compare(mutant, g, 5), GraphDifference.StepOnlyInJava.class, "DevReleaseOldStorage");
    }

    /**
     * Two importers (the deep model DmaBufCpuDeviceAccess_6_15, 57,326 states: its graph is compared in the full set
     * only, so is this copy): the exporter moves when one of two importers has had its move_notify.
     */
    @Test
    void moveAfterTheMoveNotifyOfOneOfTwoImportersIsCaught() {
        assumeTrue(FullSets.full(), "-Pfull: the two-importer graph is the full set's");
        TlcGraph g = graph(MODEL_TWO_IMPORTERS);
        DmaBufCpuDeviceAccessRelation spec = relation(g);
        assertEquals(2, spec.constants().device().dynamicImporters().size());
        // R4 dropped: the move_notify walk stops after the first dynamic attachment, the other importer's device
        // keeps its translation of the old placement while the move proceeds
        SpecRelation<CpuDeviceAccessState> mutant = Mutant.adding(spec, s -> {
            List<Transition<CpuDeviceAccessState>> out = new ArrayList<>();
            DeviceAccessState x = s.device();
            for (String e : spec.constants().device().exporters()) {
                if (x.walkTodo().get(e).size() != 1) {
                    continue;
                }
                Map<String, Set<String>> walked = new HashMap<>(x.walkTodo());
                walked.put(e, Set.of());
                DeviceAccessState done = new DeviceAccessState(x.attachments(), x.mapRegion(), x.mapDir(), x.mapValid(),
                        x.pte(), x.pteWrites(), x.flushInResv(), x.jobRegion(), x.jobKind(), x.placement(), x.storage(),
                        x.moveFence(), x.moveFrom(), x.moveWaitJobs(), x.moveWaitFlush(), x.expBuf(), x.expTarget(),
                        walked, x.lastAccess());
                spec.exporterMove(new CpuDeviceAccessState(done, s.mmapped(), s.faulting(), s.cpuPte(), s.vmapRegion(),
                        s.cpuZapped(), s.cpuAccess()), e, out);
            }
            return out;
        });
        assertReported(GraphComparison.compare(mutant, g, 5), GraphDifference.StepOnlyInJava.class, "ExporterMove");
    }

    private static TlcGraph graph() {
        return graph(MODEL);
    }

    private static TlcGraph graph(String model) {
        Model m = ModelGraphs.model(model);
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
