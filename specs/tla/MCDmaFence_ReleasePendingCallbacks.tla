------------------------ MODULE MCDmaFence_ReleasePendingCallbacks ------------------------
(***************************************************************************)
(* Expected violation of ReleasedFenceHasNoPendingCallbacks (F11): a       *)
(* dma_fence_release that frees an unsignalled fence without the newest    *)
(* kernels' WARN + -EDEADLK + signal (older kernels only had               *)
(* BUG_ON(!list_empty(&fence->cb_list))): the registered callbacks are     *)
(* stranded and never run.                                                 *)
(***************************************************************************)
EXTENDS MCDmaFence

ReleaseWithoutForceSignal(f) ==
    /\ ~released[f]
    /\ FenceLockFree(f)
    /\ \A w \in Waiters : WaiterFence[w] = f => wstate[w] # "waiting"
    /\ released' = [released EXCEPT ![f] = TRUE]
    /\ UNCHANGED <<fstate, ferror, cbList, running, added, ran, cbStatus, wstate, forced>>
=============================================================================
