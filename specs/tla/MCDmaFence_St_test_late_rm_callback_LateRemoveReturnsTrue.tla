---------- MODULE MCDmaFence_St_test_late_rm_callback_LateRemoveReturnsTrue ----------
\* Shows that scenario test_late_rm_callback reads remove_callback's return value
\* from the action: this mutant dma_fence_remove_callback reports true for a
\* callback that already ran (its node was re-initialised, so the kernel returns
\* false).  A scenario that recomputed the return from the list before the call
\* would pass; LateRmCallbackExpect (ret = false) is violated.
EXTENDS MCDmaFence_St

RemoveRanCallbackReturnsTrue(c) ==
    LET f == CallbackFence[c] IN
    \/ /\ cbStatus[c] = "pending"                        \* DmaFenceRemoveCallback's body
       /\ FenceLockFree(f)
       /\ \E i \in 1..Len(cbList[f]) :
             /\ cbList[f][i] = c
             /\ cbList' = [cbList EXCEPT ![f] = SubSeq(@, 1, i - 1) \o SubSeq(@, i + 1, Len(@))]
       /\ cbStatus' = [cbStatus EXCEPT ![c] = "removed"]
       /\ UNCHANGED <<fstate, ferror, running, added, ran, wstate, released, forced>>
    \/ /\ cbStatus[c] = "ran"                            \* the mutation: "removed"
       /\ FenceLockFree(f)
       /\ cbStatus' = [cbStatus EXCEPT ![c] = "removed"]
       /\ UNCHANGED <<fstate, ferror, cbList, running, added, ran, wstate, released, forced>>
=============================================================================
