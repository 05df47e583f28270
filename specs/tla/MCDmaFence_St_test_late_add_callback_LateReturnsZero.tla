---------- MODULE MCDmaFence_St_test_late_add_callback_LateReturnsZero ----------
\* Shows that scenario test_late_add_callback reads add_callback's return value from
\* the action: this mutant dma_fence_add_callback, on an already signalled fence,
\* adds nothing (the callback never runs) but reports success (0) instead of
\* -ENOENT.  A scenario that recomputed -ENOENT from the fence state would pass;
\* LateAddCallbackExpect (ret = -ENOENT) is violated.
EXTENDS MCDmaFence_St

AddCallbackLateReturnsZero(c) ==
    LET f == CallbackFence[c] IN
    /\ cbStatus[c] = "unused"
    /\ ~released[f]
    /\ FenceLockFree(f)
    /\ IF Signaled(f)
         THEN /\ cbStatus' = [cbStatus EXCEPT ![c] = "pending"]   \* the mutation: 0, not -ENOENT
              /\ UNCHANGED <<fstate, cbList, added>>
         ELSE /\ cbStatus' = [cbStatus EXCEPT ![c] = "pending"]
              /\ fstate' = [fstate EXCEPT ![f] = "enabled"]
              /\ cbList' = [cbList EXCEPT ![f] = Append(@, c)]
              /\ added' = [added EXCEPT ![f] = Append(@, c)]
    /\ UNCHANGED <<ferror, running, ran, wstate, released, forced>>
=============================================================================
