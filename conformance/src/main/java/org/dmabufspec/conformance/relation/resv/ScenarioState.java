package org.dmabufspec.conformance.relation.resv;

import java.util.OptionalInt;

/**
 * A state of a DmaResvScenario module: DmaResv's variables, the script's {@code step}, and
 * DmaResvScenario_StDmaResv's {@code usage} (empty in the other scenarios).
 */
public record ScenarioState(ResvState resv, int step, OptionalInt usage) {
}
