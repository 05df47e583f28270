----------------------------- MODULE MCDmaResv_DoubleLock --------------------
(***************************************************************************)
(* Lock discipline: a dma_resv_lock that does not wait for the holder     *)
(* (two tasks in the locked section at once).                              *)
(* Expected: invariant LockHeldByItsUser.                                  *)
(***************************************************************************)
EXTENDS MCDmaResv

BrokenDmaResvLock(p, r) ==
    /\ pc[p] = "idle"
    /\ holder' = [holder EXCEPT ![r] = p]
    /\ pc' = [pc EXCEPT ![p] = "locked"]
    /\ resvOf' = [resvOf EXCEPT ![p] = r]
    /\ UNCHANGED <<signalled, table, maxFences, pollCb, query, credits, mustWait,
                   everAdded, syncFiles>>
=============================================================================
