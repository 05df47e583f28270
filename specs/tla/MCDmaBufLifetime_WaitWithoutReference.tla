------------------- MODULE MCDmaBufLifetime_WaitWithoutReference -------------------
(***************************************************************************)
(* Expected violation of NoCallbackOnFreedFence (F9, F11).  A thread that  *)
(* waits on a fence it found in the reservation object without taking a    *)
(* reference: once the producer and the reservation object drop theirs,    *)
(* the fence is freed with the waiter's callback still on its cb_list.     *)
(***************************************************************************)
EXTENDS MCDmaBufLifetime

WaitWithoutGet(w) ==
    /\ wpc[w] = "idle"
    /\ bufLive
    /\ fenceLive
    /\ ~signalled
    /\ ~lockHeld
    /\ wpc' = [wpc EXCEPT ![w] = "sleeping"]
    /\ wcb' = [wcb EXCEPT ![w] = "armed"]
    /\ UNCHANGED <<bufVars, impVars, pollCb, fenceVars, rpc>>
\* ... and so drops none when it returns
WakeWithoutPut(w) ==
    /\ wpc[w] = "sleeping"
    /\ wcb[w] = "ran"
    /\ ~lockHeld
    /\ wpc' = [wpc EXCEPT ![w] = "done"]
    /\ UNCHANGED <<bufVars, impVars, pollCb, fenceVars, wcb, rpc>>

InterruptedWithoutPut(w) ==
    /\ wpc[w] = "sleeping"
    /\ wcb[w] = "armed"
    /\ ~lockHeld
    /\ wpc' = [wpc EXCEPT ![w] = "done"]
    /\ wcb' = [wcb EXCEPT ![w] = "none"]
    /\ UNCHANGED <<bufVars, impVars, pollCb, fenceVars, rpc>>
=============================================================================
