------------------------ MODULE MCDmaFence_RaceSignalCallback ------------------------
(***************************************************************************)
(* Expected violation of NoLostCallback (and of CallbacksRun): the lost    *)
(* wakeup st-dma-fence race_signal_callback hunts.  dma_fence_add_callback *)
(* tests SIGNALED without fence->lock and appends in a second step, with   *)
(* no re-check under the lock (the kernel re-checks in                     *)
(* __dma_fence_enable_signaling).  A dma_fence_signal in between has       *)
(* already taken cb_list, so the callback is appended to a list nobody     *)
(* will run: add_callback returned 0 but the callback never runs.          *)
(***************************************************************************)
EXTENDS MCDmaFence

\* Step 1: lockless test_bit(SIGNALED); "checked" = passed the test, not yet appended.
RaceAddCallbackCheck(c) ==
    LET f == CallbackFence[c] IN
    /\ cbStatus[c] = "unused"
    /\ ~released[f]
    /\ cbStatus' = [cbStatus EXCEPT ![c] = IF Signaled(f) THEN "enoent" ELSE "checked"]
    /\ UNCHANGED <<fstate, ferror, cbList, running, added, ran, wstate, released, forced>>

\* Step 2: take fence->lock and list_add_tail without re-testing SIGNALED.
RaceAddCallbackAppend(c) ==
    LET f == CallbackFence[c] IN
    /\ cbStatus[c] = "checked"
    /\ FenceLockFree(f)
    /\ cbStatus' = [cbStatus EXCEPT ![c] = "pending"]
    /\ fstate' = [fstate EXCEPT ![f] = IF @ = "unsignaled" THEN "enabled" ELSE @]
    /\ cbList' = [cbList EXCEPT ![f] = Append(@, c)]
    /\ added' = [added EXCEPT ![f] = Append(@, c)]
    /\ UNCHANGED <<ferror, running, ran, wstate, released, forced>>

RaceAddCallback(c) == RaceAddCallbackCheck(c) \/ RaceAddCallbackAppend(c)
=============================================================================
