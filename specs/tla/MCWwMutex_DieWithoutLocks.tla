------------------------ MODULE MCWwMutex_DieWithoutLocks ------------------------
(***************************************************************************)
(* Expected violation of NoDeadlkWhenEmpty: __ww_mutex_check_kill without  *)
(* its "if (ctx->acquired == 0) return 0".  A context holding nothing then *)
(* dies too, so even dma_resv_lock_slow could fail and the first lock of   *)
(* every loop would need a backoff path.                                   *)
(***************************************************************************)
EXTENDS MCWwMutex

DieEvenWhenEmpty(p) ==
    /\ pc[p] = "blocked"
    /\ p \in CtxProcs
    /\ \E q \in CtxProcs \ {p} : Older(q, p) /\ (Want(p) \in held[q] \/ Waiting(q, Want(p)))
    /\ pc' = [pc EXCEPT ![p] = "backoff"]
    /\ contended' = [contended EXCEPT ![p] = Want(p)]
    /\ UNCHANGED <<idx, held, stamp, nextStamp>>
=============================================================================
