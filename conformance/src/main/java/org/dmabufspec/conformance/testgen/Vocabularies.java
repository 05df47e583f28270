package org.dmabufspec.conformance.testgen;

import java.util.List;
import java.util.Optional;

import org.dmabufspec.conformance.testgen.attach.AttachVocabulary;
import org.dmabufspec.conformance.testgen.fence.FenceVocabulary;
import org.dmabufspec.conformance.testgen.resv.ResvVocabulary;
import org.dmabufspec.conformance.testgen.ww.WwVocabulary;
import org.dmabufspec.tlc.Model;

/** The vocabularies the generator can drive, and for every other model the reason it cannot. */
public final class Vocabularies {
    private static final List<Vocabulary> ALL = List.of(new FenceVocabulary(), new ResvVocabulary(), new WwVocabulary(),
            new AttachVocabulary());

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
            return Optional.of("the reference implementation has no CPU caches or DMA engine to observe: buffer contents and"
                    + " cache-line states, which the DmaBufCoherency models are about, do not exist in it");
        }
        if (m.contains("WwEviction")) {
            return Optional.of("no driver for ww transactions across buffers yet: the reference implementation has no"
                    + " eviction of another buffer under an importer's ticket");
        }
        if (m.startsWith("DmaResvScenario")) {
            return Optional.of("no driver for the scenario scripts yet: their steps are DmaResv's actions with a"
                    + " scenario program counter, which the dma_resv planner does not decode");
        }
        if (m.contains("DmaResv")) {
            return Optional.of("no dma_resv driver for this cfg");
        }
        if (m.contains("DmaBufAttach")) {
            return Optional.of("no attach driver for this module or cfg: the dma_buf_attach driver builds MCDmaBufAttach's"
                    + " constants (one buffer, a static and a dynamic importer, two regions) without peer-to-peer placements");
        }
        if (m.contains("DeviceAccess")) {
            return Optional.of("the reference implementation has no page tables, TLBs or TLB-flush fences: the device-side"
                    + " translations these models are about are not observable in it");
        }
        return Optional.of("no vocabulary handles module " + m);
    }
}
