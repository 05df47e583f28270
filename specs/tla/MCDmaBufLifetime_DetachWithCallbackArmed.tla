----------------- MODULE MCDmaBufLifetime_DetachWithCallbackArmed -----------------
(***************************************************************************)
(* Expected violation of NoCallbackOnFreedOwner.  An importer whose        *)
(* teardown calls dma_buf_detach without first removing the fence         *)
(* callback it keeps in its attachment's data: the attachment is freed     *)
(* while the callback is still on the fence's cb_list, and the signaller   *)
(* would call into freed memory.                                           *)
(***************************************************************************)
EXTENDS MCDmaBufLifetime

DetachWithCallbackArmed(i) ==
    /\ ipc[i] = "attached"
    /\ attachments' = attachments \ {i}
    /\ pins' = IF Kernel = "6.2" THEN pins - 1 ELSE pins
    /\ ipc' = [ipc EXCEPT ![i] = "detached"]
    /\ UNCHANGED <<bufVars, icb, pollCb, fenceVars, wpc, wcb, rpc>>
=============================================================================
