package org.dmabufspec.fence;

import java.util.List;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.trace.Errno;

/**
 * State injection for the model-based tests of inductive-invariant models (MCDmaFence_Ind): their
 * initial states are every state of a bounded domain that satisfies the invariant, and most of them
 * no sequence of calls on a fresh fence reaches (a fence signalled with an error and callbacks that
 * ran, a removed callback still counted, ...). The tests build the fence directly in such a state,
 * check what the API then shows, and make one call from it. Not a kernel interface: nothing in the
 * reference implementation calls it, and a fence it builds is an ordinary {@link DmaFence} from then on.
 */
public final class FenceStateInjection {
    private FenceStateInjection() {
    }

    /**
     * A fence of {@code context}/{@code seqno} (its {@code dma_fence_init} is traced as usual), then
     * put in this state: SIGNALED, ENABLE_SIGNAL (implied by a callback or the signal), the error
     * (null: none), the callbacks on cb_list in list order (none once signalled: the signal took the
     * list), and the references held ({@code 0}: released).
     */
    public static DmaFence fence(Kernel k, long context, long seqno, boolean signaled, boolean swSignaling, Errno error,
                                 List<DmaFenceCb> cbList, int refs) {
        if (signaled && !cbList.isEmpty()) {
            throw new IllegalArgumentException("a signalled fence has no cb_list: the signal took it");
        }
        if (refs < 0) {
            throw new IllegalArgumentException("references " + refs);
        }
        DmaFence f = DmaFence.init(k, context, seqno);
        f.injectState(signaled, swSignaling, error, cbList, refs);
        return f;
    }
}
