------------------------ MODULE MCWwMutex_SlowWhileHolding ------------------------
(***************************************************************************)
(* Expected violation of BackoffDiscipline (F18): after -EDEADLK the       *)
(* importer calls dma_resv_lock_slow on the contended object without       *)
(* first dropping the locks it holds, so it sleeps holding locks that an   *)
(* older context may need (ww_mutex_lock_slow's "must not hold any locks"). *)
(***************************************************************************)
EXTENDS MCWwMutex

LockSlowKeepingLocks(p) ==
    /\ pc[p] \in {"backoff", "slow"}
    /\ IF MayTake(p, contended[p])
         THEN /\ held' = [held EXCEPT ![p] = @ \cup {contended[p]}]
              /\ contended' = [contended EXCEPT ![p] = NoLock]
              /\ pc' = [pc EXCEPT ![p] = "lock"]
              /\ idx' = [idx EXCEPT ![p] = 1]
         ELSE /\ pc[p] = "backoff"
              /\ pc' = [pc EXCEPT ![p] = "slow"]
              /\ UNCHANGED <<held, contended, idx>>
    /\ UNCHANGED <<stamp, nextStamp>>
=============================================================================
