------------------- MODULE MCDmaBufLifetime_AttachErrorKeepsPin -------------------
(***************************************************************************)
(* Expected violation of PinCountMatchesPinners (R9, <= 6.14).  An attach  *)
(* whose KERNEL-fence wait returns -ERESTARTSYS must undo the pin it took: *)
(* dma_buf_dynamic_attach's err_unpin calls ops->unpin before              *)
(* dma_buf_detach.  Without it the exporter keeps a pin no attachment      *)
(* owns, and the buffer can never move again.                              *)
(***************************************************************************)
EXTENDS MCDmaBufLifetime

AttachErrorWithoutUnpin(i) ==
    /\ ipc[i] = "attaching"
    /\ ~signalled
    /\ attachments' = attachments \ {i}
    /\ ipc' = [ipc EXCEPT ![i] = "detached"]
    /\ UNCHANGED <<bufVars, pins, icb, pollCb, fenceVars, wpc, wcb, rpc>>
=============================================================================
