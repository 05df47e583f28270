----------------------------- MODULE MCDmaResv_LostWakeup --------------------
(***************************************************************************)
(* U3 one-callback-per-direction scheme broken: the fence callback clears  *)
(* cb_in/cb_out but does not wake the pollers sleeping on the dma-buf's   *)
(* wait queue, so a poller sleeps with no callback left to wake it.       *)
(* Expected: invariant PollerHasCallback.                                  *)
(***************************************************************************)
EXTENDS MCDmaResv

SignalWithoutWakeup(f) ==
    /\ CanSignal(f)
    /\ SignalAllowed(f)
    /\ signalled' = [signalled EXCEPT ![f] = TRUE]
    /\ pollCb' = [r \in Resvs |-> [d \in PollDirs |->
                    IF pollCb[r][d] = f THEN NoFence ELSE pollCb[r][d]]]
    /\ UNCHANGED <<holder, table, maxFences, pc, resvOf, query, credits, mustWait,
                   everAdded, syncFiles>>
=============================================================================
