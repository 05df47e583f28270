------------------------ MODULE MCWwMutex_IgnoreEdeadlk ------------------------
(***************************************************************************)
(* Expected violation of AllContextsAcquire: an importer that does not     *)
(* handle -EDEADLK (the case seed thread 002 asks EDEADLK handling for):   *)
(* it keeps the locks it holds and simply calls dma_resv_lock again.  The  *)
(* younger context dies again and again while the older one sleeps on a    *)
(* lock the younger still holds: neither gets its object list.             *)
(***************************************************************************)
EXTENDS MCWwMutex

\* -EDEADLK returned, but the importer retries the same lock keeping everything.
DieAndRetry(p) ==
    /\ pc[p] = "blocked"
    /\ MustDie(p, Want(p))
    /\ pc' = [pc EXCEPT ![p] = "lock"]
    /\ UNCHANGED <<idx, held, contended, stamp, nextStamp>>
=============================================================================
