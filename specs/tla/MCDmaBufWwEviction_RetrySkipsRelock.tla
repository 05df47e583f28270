----------------- MODULE MCDmaBufWwEviction_RetrySkipsRelock -----------------
(***************************************************************************)
(* Expected violation of CallUnderLock: after -EDEADLK the importer backs  *)
(* off and takes the contended lock with dma_resv_lock_slow, but its retry *)
(* jumps past the locking loop straight to the map call, so                *)
(* dma_buf_map_attachment runs without its own buffer's lock (R3, F18).    *)
(***************************************************************************)
EXTENDS MCDmaBufWwEviction

SlowThenCall(a) ==
    /\ \/ pc[a] = "backoff" /\ held[a] = {}
       \/ pc[a] = "slow"
    /\ IF Ww!MayTake(a, contended[a])
         THEN /\ held' = [held EXCEPT ![a] = {contended[a]}]
              /\ contended' = [contended EXCEPT ![a] = NoLock]
              /\ pc' = [pc EXCEPT ![a] = "call"]
         ELSE /\ pc[a] = "backoff"
              /\ pc' = [pc EXCEPT ![a] = "slow"]
              /\ UNCHANGED <<held, contended>>
    /\ UNCHANGED <<call, stamp, nextStamp, pinVars, mapVars, bufVars, interrupts>>
=============================================================================
