----------------- MODULE MCDmaBufWwEviction_SlowWhileHolding -----------------
(***************************************************************************)
(* Expected violation of BackoffDiscipline: after -EDEADLK the importer    *)
(* calls dma_resv_lock_slow on the contended lock without dropping the     *)
(* locks it holds (F18: lock_slow only with nothing held).                 *)
(***************************************************************************)
EXTENDS MCDmaBufWwEviction

SlowKeepingLocks(a) ==
    /\ pc[a] \in {"backoff", "slow"}
    /\ IF Ww!MayTake(a, contended[a])
         THEN /\ held' = [held EXCEPT ![a] = @ \cup {contended[a]}]
              /\ contended' = [contended EXCEPT ![a] = NoLock]
              /\ pc' = [pc EXCEPT ![a] = "lock"]
         ELSE /\ pc[a] = "backoff"
              /\ pc' = [pc EXCEPT ![a] = "slow"]
              /\ UNCHANGED <<held, contended>>
    /\ UNCHANGED <<call, stamp, nextStamp, pinVars, mapVars, bufVars, interrupts>>
=============================================================================
