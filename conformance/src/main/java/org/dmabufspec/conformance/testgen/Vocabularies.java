package org.dmabufspec.conformance.testgen;

import java.util.List;
import java.util.Optional;

import org.dmabufspec.conformance.testgen.attach.AttachVocabulary;
import org.dmabufspec.conformance.testgen.coherency.CoherencyVocabulary;
import org.dmabufspec.conformance.testgen.cpu.CpuAccessVocabulary;
import org.dmabufspec.conformance.testgen.cpu.CpuDeviceAccessVocabulary;
import org.dmabufspec.conformance.testgen.device.DeviceAccessVocabulary;
import org.dmabufspec.conformance.testgen.eviction.EvictionVocabulary;
import org.dmabufspec.conformance.testgen.fence.FenceVocabulary;
import org.dmabufspec.conformance.testgen.isolation.IsolationVocabulary;
import org.dmabufspec.conformance.testgen.lifetime.LifetimeVocabulary;
import org.dmabufspec.conformance.testgen.resv.ResvVocabulary;
import org.dmabufspec.conformance.testgen.ww.WwVocabulary;
import org.dmabufspec.tlc.Model;

/** The vocabularies the generator can drive, and for every other model the reason it cannot. */
public final class Vocabularies {
    private static final List<Vocabulary> ALL = List.of(new FenceVocabulary(), new ResvVocabulary(), new WwVocabulary(),
            new AttachVocabulary(), new EvictionVocabulary(), new LifetimeVocabulary(), new DeviceAccessVocabulary(),
            new CpuAccessVocabulary(), new CpuDeviceAccessVocabulary(), new CoherencyVocabulary(), new IsolationVocabulary());

    private Vocabularies() {
    }

    public static List<Vocabulary> all() {
        return ALL;
    }

    public static Optional<Vocabulary> forModel(Model model) {
        return ALL.stream().filter(v -> v.handles(model)).findFirst();
    }

    /** Why no vocabulary drives this model on the reference implementation (empty if one does). */
    public static Optional<String> whyNot(Model model) {
        if (forModel(model).isPresent()) {
            return Optional.empty();
        }
        String m = model.moduleName();
        if (m.endsWith("_Ind")) {
            return Optional.of("an inductive-invariant model: its initial states are every state of a bounded domain that"
                    + " satisfies the invariant, which no sequence of calls on fresh objects is known to reach");
        }
        if (m.contains("Coherency")) {
            return Optional.of(m.contains("Seed004")
                    ? "an expected violation of the spec's own actions on a <=6.14 kernel (seed 004): the stale read is the"
                            + " kernel's behaviour, not an injectable reference-implementation bug, so there is nothing to replay"
                            + " with and without"
                    : "a mutant module of DmaBufCoherency (it drops an assumption of the spec's actions): the"
                            + " dma_buf_coherency planner drives MCDmaBufCoherency's own actions only");
        }
        if (m.contains("WwEviction")) {
            return Optional.of("a mutant module of DmaBufWwEviction: its actions are not the spec's own, so the"
                    + " dma_buf_ww_eviction planner has no call for its steps");
        }
        if (m.startsWith("DmaResvScenario")) {
            return Optional.of("a scenario cfg that substitutes a mutant spec operator: its script is not DmaResv's own"
                    + " actions, so the dma_resv planner has no call for its steps");
        }
        if (m.contains("DmaResv")) {
            return Optional.of("no dma_resv driver for this cfg");
        }
        if (m.contains("DmaBufAttach")) {
            return Optional.of("no attach driver for this module or cfg: the dma_buf_attach driver builds MCDmaBufAttach's"
                    + " constants (one buffer, a static and a dynamic importer, two regions)");
        }
        if (m.contains("CpuAccess")) {
            return Optional.of("a mutant of DmaBufCpuAccess whose code no injectable reference-implementation bug is"
                    + " (the exporter's vmap pins unconditionally): only DmaBufCpuAccess and the move without the zap are"
                    + " driven by dma_buf_cpu_access");
        }
        if (m.contains("CpuDeviceAccess")) {
            return Optional.of("a mutant module of DmaBufCpuDeviceAccess: the dma_buf_cpu_device_access driver drives the cfgs"
                    + " of MCDmaBufCpuDeviceAccess, which the Java relation mirrors; the mutant modules replace the spec's own"
                    + " fault handler or zap, and no injectable reference-implementation bug is their code");
        }
        if (m.contains("DeviceAccess")) {
            return Optional.of("no device-access driver for this module or cfg: the dma_buf_device_access driver builds the"
                    + " constants of MCDmaBufDeviceAccess's cfgs without SYMMETRY (one exporter thread, two regions per"
                    + " buffer); the mutant modules replace the spec's own actions");
        }
        if (m.equals("MCDmaBufLifetime")) {
            return Optional.of("the dma_buf_lifetime driver is wired for the two default-tier cfgs (one importer, at most"
                    + " one fence waiter and one /proc reader); the deep-tier cfgs with two of each are not driven");
        }
        if (m.contains("Lifetime")) {
            return Optional.of("a mutant module of DmaBufLifetime: its actions are not the spec's own, so the"
                    + " dma_buf_lifetime planner has no call for its steps");
        }
        if (m.contains("Isolation")) {
            return Optional.of("a mutant module of DmaBufIsolation (its Touch skips the ownership check): its actions are not"
                    + " the spec's own; the dma_buf_isolation driver drives MCDmaBufIsolation");
        }
        return Optional.of("no vocabulary handles module " + m);
    }
}
