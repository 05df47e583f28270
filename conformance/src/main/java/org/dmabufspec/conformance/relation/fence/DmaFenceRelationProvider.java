package org.dmabufspec.conformance.relation.fence;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dmabufspec.conformance.relation.RelationProvider;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * The DmaFence.tla models whose MC module and cfg the Java relation mirrors. Which operators a
 * cfg substitutes is not something TLC can print, so it is stated here per MC module:
 * MCDmaFence.tla's cfgs bind {@code DmaFenceRelease <- MCDmaFenceRelease}; MCDmaFence_Release,
 * MCDmaFence_Ind and MCDmaFence_St keep DmaFence's own release. The mutant models (other
 * modules, other substitutions) are not handled.
 */
public final class DmaFenceRelationProvider implements RelationProvider {
    private static final String ST_MODULE = "MCDmaFence_St";

    @Override
    public boolean handles(Model model) {
        return switch (model.moduleName()) {
            case "MCDmaFence" -> List.of("MCDmaFence.cfg", "MCDmaFence_Deep.cfg").contains(model.cfg());
            case "MCDmaFence_Release" -> model.cfg().equals("MCDmaFence_Release.cfg");
            case "MCDmaFence_Ind" -> model.cfg().equals("MCDmaFence_Ind.cfg");
            case ST_MODULE -> stTest(model).isPresent();
            default -> false;
        };
    }

    @Override
    public List<String> constants(Model model) {
        return FenceConstants.NAMES;
    }

    @Override
    public SpecRelation<?> relation(Model model, Map<String, TlaValue> constants) {
        if (!handles(model)) {
            throw new IllegalArgumentException("model " + model.name() + " (" + model.module() + ", " + model.cfg()
                    + ") is not a DmaFence model this relation mirrors");
        }
        FenceConstants k = FenceConstants.of(constants);
        boolean releaseSignalledOnly = model.moduleName().equals("MCDmaFence");
        DmaFenceSpec spec = new DmaFenceSpec(k, releaseSignalledOnly);
        if (model.moduleName().equals(ST_MODULE)) {
            return new DmaFenceStRelation(spec, StScenario.of(stTest(model).orElseThrow(), spec).orElseThrow());
        }
        return new DmaFenceRelation(spec, model.moduleName().equals("MCDmaFence_Ind"));
    }

    /** The st-dma-fence test an MCDmaFence_St cfg runs: MCDmaFence_St_&lt;test&gt;.cfg. */
    private static Optional<String> stTest(Model model) {
        String prefix = ST_MODULE + "_";
        String cfg = model.cfg();
        if (!cfg.startsWith(prefix) || !cfg.endsWith(".cfg")) {
            return Optional.empty();
        }
        String test = cfg.substring(prefix.length(), cfg.length() - ".cfg".length());
        return StScenario.TESTS.contains(test) ? Optional.of(test) : Optional.empty();
    }
}
