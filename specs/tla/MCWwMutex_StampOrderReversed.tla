------------------------ MODULE MCWwMutex_StampOrderReversed ------------------------
(***************************************************************************)
(* Expected violation of OnlyYoungerDies: __ww_ctx_less with the stamp     *)
(* comparison reversed (treating the larger stamp as older), so the OLDEST *)
(* context is the one that dies; it can then be starved by a stream of     *)
(* younger contexts instead of being guaranteed progress.                  *)
(***************************************************************************)
EXTENDS MCWwMutex

DieIfYounger(p) ==
    /\ pc[p] = "blocked"
    /\ p \in CtxProcs
    /\ held[p] # {}
    /\ \E q \in CtxProcs \ {p} :
          Older(p, q) /\ (Want(p) \in held[q] \/ Waiting(q, Want(p)))
    /\ pc' = [pc EXCEPT ![p] = "backoff"]
    /\ contended' = [contended EXCEPT ![p] = Want(p)]
    /\ UNCHANGED <<idx, held, stamp, nextStamp>>
=============================================================================
