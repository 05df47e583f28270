package org.dmabufspec.conformance.relation.coherency;

/** What {@link StaleReadCheck} concludes about one buffer's sequence of {@link CoherencyOp}s. */
public sealed interface CoherencyVerdict {

    /** Whatever the cache, the CPU and the device did between the operations, every read saw the last write. */
    record Coherent() implements CoherencyVerdict {
    }

    /**
     * A read can return stale data (ReadsSeeLastWrite fails) after the first {@code opsDone}
     * operations, with no further logged operation.
     *
     * @param witness the state right after the stale read; {@code witness.lastRead()} tells who read what
     */
    record StaleRead(int opsDone, CoherencyState witness) implements CoherencyVerdict {
    }

    /**
     * Operation {@code index} (0-based) cannot happen in the model: {@code condition} names the
     * spec condition that is false (a kernel error such as -EBUSY, or the ownership assumption).
     */
    record NotEnabled(int index, CoherencyOp op, String condition) implements CoherencyVerdict {
    }
}
