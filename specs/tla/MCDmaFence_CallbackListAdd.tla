------------------------ MODULE MCDmaFence_CallbackListAdd ------------------------
(***************************************************************************)
(* Expected violation of CallbacksRunOnceInOrder (F7): dma_fence_add_callback *)
(* with list_add instead of list_add_tail, so the signaller calls the      *)
(* callbacks newest first instead of in registration order.                *)
(***************************************************************************)
EXTENDS MCDmaFence

\* DmaFenceAddCallback inserting at the head of cb_list.
AddCallbackAtHead(c) ==
    LET f == CallbackFence[c] IN
    /\ cbStatus[c] = "unused"
    /\ ~released[f]
    /\ FenceLockFree(f)
    /\ IF Signaled(f)
         THEN /\ cbStatus' = [cbStatus EXCEPT ![c] = "enoent"]
              /\ UNCHANGED <<fstate, cbList, added>>
         ELSE /\ cbStatus' = [cbStatus EXCEPT ![c] = "pending"]
              /\ fstate' = [fstate EXCEPT ![f] = "enabled"]
              /\ cbList' = [cbList EXCEPT ![f] = <<c>> \o @]
              /\ added' = [added EXCEPT ![f] = Append(@, c)]
    /\ UNCHANGED <<ferror, running, ran, wstate, released, forced>>
=============================================================================
