---------- MODULE MCDmaFence_St_test_rm_callback_RemoveReturnsFalse ----------
\* Shows that scenario test_rm_callback reads remove_callback's return value from
\* the action: this mutant dma_fence_remove_callback unlinks the pending callback
\* (so it does not run) but reports false, as if it had already run.  A scenario
\* that recomputed the return from the list before the call would pass;
\* RmCallbackExpect (ret = true) is violated.
EXTENDS MCDmaFence_St

RemoveCallbackReturnsFalse(c) ==
    LET f == CallbackFence[c] IN
    /\ cbStatus[c] = "pending"
    /\ FenceLockFree(f)
    /\ \E i \in 1..Len(cbList[f]) :
          /\ cbList[f][i] = c
          /\ cbList' = [cbList EXCEPT ![f] = SubSeq(@, 1, i - 1) \o SubSeq(@, i + 1, Len(@))]
    /\ UNCHANGED cbStatus   \* the mutation: the caller is told false
    /\ UNCHANGED <<fstate, ferror, running, added, ran, wstate, released, forced>>
=============================================================================
