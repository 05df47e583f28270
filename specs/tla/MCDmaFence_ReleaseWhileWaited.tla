--------------------- MODULE MCDmaFence_ReleaseWhileWaited ---------------------
(***************************************************************************)
(* Expected violation of WaitersHoldReference (F9): a waiter that sleeps   *)
(* in dma_fence_wait_timeout without holding its own reference, so the     *)
(* producer's dma_fence_put can be the last one and dma_fence_release runs *)
(* under the sleeper (a use after free when it wakes).  The mutant is      *)
(* dma_fence_release without the "no waiter sleeps on it" guard that F9    *)
(* gives the model.                                                        *)
(***************************************************************************)
EXTENDS MCDmaFence

ReleaseIgnoringWaiters(f) ==
    /\ ~released[f]
    /\ FenceLockFree(f)
    /\ released' = [released EXCEPT ![f] = TRUE]
    /\ IF ~Signaled(f) /\ cbList[f] # <<>>
         THEN /\ ferror' = [ferror EXCEPT ![f] = EDEADLK]
              /\ forced' = [forced EXCEPT ![f] = TRUE]
              /\ SignalLocked(f)
         ELSE UNCHANGED <<ferror, forced, fstate, running, cbList>>
    /\ UNCHANGED <<added, ran, cbStatus, wstate>>
=============================================================================
