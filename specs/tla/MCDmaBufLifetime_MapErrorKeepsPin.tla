------------------- MODULE MCDmaBufLifetime_MapErrorKeepsPin -------------------
(***************************************************************************)
(* Expected violation of PinCountMatchesPinners (R9, 6.15+).  A map whose  *)
(* KERNEL-fence wait returns -ERESTARTSYS must unmap and, because          *)
(* dma_buf_pin_on_map pinned, unpin before returning the error.  Without   *)
(* the unpin the exporter keeps a pin no mapping owns.                     *)
(***************************************************************************)
EXTENDS MCDmaBufLifetime

MapErrorWithoutUnpin(i) ==
    /\ ipc[i] = "mapping"
    /\ ~signalled
    /\ ipc' = [ipc EXCEPT ![i] = "attached"]
    /\ UNCHANGED <<bufVars, attachments, pins, icb, pollCb, fenceVars, wpc, wcb, rpc>>
=============================================================================
