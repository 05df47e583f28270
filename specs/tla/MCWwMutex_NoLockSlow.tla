------------------------ MODULE MCWwMutex_NoLockSlow ------------------------
(***************************************************************************)
(* Expected violation of SlowLockFirstAfterDeadlk (F18): after -EDEADLK    *)
(* and dropping its locks the importer restarts its loop with              *)
(* dma_resv_lock on the first object instead of dma_resv_lock_slow on the  *)
(* contended one; DEBUG_WW_MUTEXES' ww_mutex_lock_acquired WARNs on that.  *)
(***************************************************************************)
EXTENDS MCWwMutex

RestartWithoutLockSlow(p) ==
    /\ pc[p] = "backoff"
    /\ held[p] = {}
    /\ pc' = [pc EXCEPT ![p] = "lock"]
    /\ idx' = [idx EXCEPT ![p] = 1]
    /\ UNCHANGED <<held, contended, stamp, nextStamp>>
=============================================================================
