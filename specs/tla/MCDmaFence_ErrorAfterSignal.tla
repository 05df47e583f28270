------------------------ MODULE MCDmaFence_ErrorAfterSignal ------------------------
(***************************************************************************)
(* Expected violation of ErrorOnlyBeforeSignal (F8): dma_fence_set_error   *)
(* called after the fence signalled (what its WARN_ON catches): waiters    *)
(* and callbacks that already saw status 1 would disagree with later       *)
(* readers of dma_fence_get_status.                                        *)
(***************************************************************************)
EXTENDS MCDmaFence

\* DmaFenceSetError without the "not yet signalled" precondition.
SetErrorAnytime(f, e) ==
    /\ ~released[f]
    /\ ferror' = [ferror EXCEPT ![f] = e]
    /\ UNCHANGED <<fstate, cbList, running, added, ran, cbStatus, wstate, released, forced>>
=============================================================================
