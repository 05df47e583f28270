package org.dmabufspec.resv;

import java.util.List;

/**
 * State injection for the model-based tests of the inductive-invariant model MCDmaResv_Ind: its
 * initial states are every slot-accounting (SlotInv) state of a bounded domain: any table of up to
 * two entries (signalled or not, the same fence twice, a weaker usage after a stronger one) under
 * any {@code max_fences} that covers it, which calls on a fresh object do not reach in general. The
 * tests take the lock with the ordinary call and set only the table here. Not a kernel interface:
 * nothing in the reference implementation calls it.
 */
public final class ResvStateInjection {
    private ResvStateInjection() {
    }

    /** The table in slot order and {@code max_fences} (at least the table's length). */
    public static void table(DmaResv resv, List<DmaResv.Entry> entries, int maxFences) {
        if (maxFences < entries.size()) {
            throw new IllegalArgumentException("max_fences " + maxFences + " below num_fences " + entries.size());
        }
        resv.injectTable(entries, maxFences);
    }
}
