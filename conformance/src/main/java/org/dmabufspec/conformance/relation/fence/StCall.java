package org.dmabufspec.conformance.relation.fence;

import java.util.List;
import java.util.function.Function;

/**
 * One call of an st-dma-fence test, MCDmaFence_St's {@code Call(k, op, r)} without its number:
 * the successors {@code op} allows in the state before the call, and the return value {@code r}
 * read from the step the call took (the state before and the successor), as the TLA+ scenario
 * reads it from the action's primed variables.
 */
public record StCall(String what, Function<DmaFenceVars, List<DmaFenceVars>> op, Result ret) {
    /** The call's return value on one step. */
    @FunctionalInterface
    public interface Result {
        long of(DmaFenceVars before, DmaFenceVars after);
    }
}
