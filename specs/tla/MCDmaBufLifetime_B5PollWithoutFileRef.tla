------------------- MODULE MCDmaBufLifetime_B5PollWithoutFileRef -------------------
(***************************************************************************)
(* Expected violation of ReleaseWithNoPollCallback (B5).  Before           *)
(* ff2d23843f7f "dma-buf/poll: Get a file reference for outstanding fence  *)
(* callbacks" dma_buf_poll armed cb_in without a file reference, so        *)
(* closing the fd released the buffer with the callback still armed:       *)
(* dma_buf_release's BUG_ON(cb_in.active), and otherwise the callback      *)
(* would run on the freed dma_buf (NoCallbackOnFreedOwner).                *)
(***************************************************************************)
EXTENDS MCDmaBufLifetime

PollWithoutGetFile ==
    /\ fdOpen
    /\ pollCb = "none"
    /\ ~signalled
    /\ ~lockHeld
    /\ pollCb' = "armed"
    /\ fenceRefs' = fenceRefs + 1
    /\ UNCHANGED <<fdOpen, fileRefs, fileLive, dentryRefs, bufLive, onList, impVars,
                   fenceLive, signalled, lockHeld, producerRef, resvRef, releasedUnderLock, wpc, wcb, rpc>>

PollCbWithoutFput ==
    /\ pollCb = "taken"
    /\ pollCb' = "none"
    /\ PutFence(TRUE)
    /\ UNCHANGED <<fdOpen, fileRefs, fileLive, dentryRefs, bufLive, onList, impVars,
                   signalled, lockHeld, producerRef, resvRef, wpc, wcb, rpc>>
=============================================================================
