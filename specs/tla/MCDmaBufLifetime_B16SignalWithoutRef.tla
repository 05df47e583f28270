------------------- MODULE MCDmaBufLifetime_B16SignalWithoutRef -------------------
(***************************************************************************)
(* Expected violation of NoReleaseUnderFenceLock (B16).  Before            *)
(* "dma-buf/sw_sync: Avoid recursive lock during fence signal" (2023) the  *)
(* sw_sync timeline signalled its fences without holding references of its *)
(* own.  A callback dropping the last reference (here the poll callback,   *)
(* after the reservation object let go of the signalled fence) ran         *)
(* timeline_fence_release inside the callback loop, which takes the        *)
(* timeline lock = fence->lock the loop already holds: a self-deadlock.    *)
(* The fix takes a reference per fence before the lock, drops it after.    *)
(***************************************************************************)
EXTENDS MCDmaBufLifetime

SignalWithoutRef ==
    /\ fenceLive
    /\ ~signalled
    /\ ~lockHeld
    /\ signalled' = TRUE
    /\ lockHeld' = TRUE
    /\ pollCb' = IF pollCb = "armed" THEN "taken" ELSE pollCb
    /\ wcb' = [w \in Waiters |-> IF wcb[w] = "armed" THEN "taken" ELSE wcb[w]]
    /\ icb' = [i \in Importers |-> IF icb[i] = "armed" THEN "taken" ELSE icb[i]]
    /\ UNCHANGED <<bufVars, attachments, pins, ipc, fenceRefs, fenceLive, producerRef, resvRef, releasedUnderLock, wpc, rpc>>

SignalDoneWithoutPut ==
    /\ lockHeld
    /\ pollCb # "taken"
    /\ \A w \in Waiters : wcb[w] # "taken"
    /\ \A i \in Importers : icb[i] # "taken"
    /\ lockHeld' = FALSE
    /\ UNCHANGED <<bufVars, impVars, pollCb, fenceRefs, fenceLive, signalled, producerRef, resvRef,
                   releasedUnderLock, wpc, wcb, rpc>>
=============================================================================
