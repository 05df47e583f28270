------------------------ MODULE MCDmaFence_NeverSignals ------------------------
(***************************************************************************)
(* Expected violation of WaitersWake (F1): the producer of f2 never        *)
(* signals it (an indefinite fence, F2), so the waiter sleeping in         *)
(* dma_fence_wait_timeout(MAX_SCHEDULE_TIMEOUT) on it never wakes.         *)
(***************************************************************************)
EXTENDS MCDmaFence

\* DmaFenceSignal for every fence but f2.
SignalAllButF2(f) ==
    /\ f # f2
    /\ ~released[f]
    /\ FenceLockFree(f)
    /\ ~Signaled(f)
    /\ \A g \in EarlierOnContext(f) : Signaled(g)
    /\ SignalLocked(f)
    /\ UNCHANGED <<ferror, added, ran, cbStatus, wstate, released, forced>>
=============================================================================
