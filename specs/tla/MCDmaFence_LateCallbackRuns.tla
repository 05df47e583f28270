------------------------ MODULE MCDmaFence_LateCallbackRuns ------------------------
(***************************************************************************)
(* Expected violation of LateCallbackNeverRuns (F7): an add_callback that, *)
(* on an already signalled fence, calls the callback itself and still      *)
(* returns -ENOENT.  Callers that handle -ENOENT by calling their function *)
(* directly (the documented pattern) then run it twice; the kernel         *)
(* promises "-ENOENT and *not* call the callback".                         *)
(***************************************************************************)
EXTENDS MCDmaFence

AddCallbackCallsLate(c) ==
    LET f == CallbackFence[c] IN
    /\ cbStatus[c] = "unused"
    /\ ~released[f]
    /\ FenceLockFree(f)
    /\ IF Signaled(f)
         THEN /\ cbStatus' = [cbStatus EXCEPT ![c] = "enoent"]
              /\ ran' = [ran EXCEPT ![f] = Append(@, c)]
              /\ UNCHANGED <<fstate, cbList, added>>
         ELSE /\ cbStatus' = [cbStatus EXCEPT ![c] = "pending"]
              /\ fstate' = [fstate EXCEPT ![f] = "enabled"]
              /\ cbList' = [cbList EXCEPT ![f] = Append(@, c)]
              /\ added' = [added EXCEPT ![f] = Append(@, c)]
              /\ UNCHANGED ran
    /\ UNCHANGED <<ferror, running, wstate, released, forced>>
=============================================================================
