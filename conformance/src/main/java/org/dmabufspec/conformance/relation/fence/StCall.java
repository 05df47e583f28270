package org.dmabufspec.conformance.relation.fence;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One call of an st-dma-fence test, MCDmaFence_St's {@code Call(k, op, r)} without its number:
 * the successors {@code op} allows and the return value {@code r}, both read in the state
 * before the call.
 */
public record StCall(String what, Function<DmaFenceVars, List<DmaFenceVars>> op, ToLongFunction<DmaFenceVars> ret) {
}
