--------------- MODULE MCDmaBufLifetime_InterruptedWaitLeavesCallback ---------------
(***************************************************************************)
(* Expected violation of NoCallbackOnFreedOwner.  dma_fence_default_wait   *)
(* puts its callback on its own stack; when a signal interrupts the wait   *)
(* it must unlink it under fence->lock before returning -ERESTARTSYS.  A   *)
(* wait returning without the list_del leaves on cb_list a callback whose  *)
(* memory is gone: the signaller would call into a dead stack frame.       *)
(***************************************************************************)
EXTENDS MCDmaBufLifetime

WaitInterruptedWithoutUnlink(w) ==
    /\ wpc[w] = "sleeping"
    /\ wcb[w] = "armed"
    /\ ~lockHeld
    /\ wpc' = [wpc EXCEPT ![w] = "done"]
    /\ PutFence(FALSE)
    /\ UNCHANGED <<bufVars, impVars, pollCb, signalled, lockHeld, producerRef, resvRef, wcb, rpc>>
=============================================================================
