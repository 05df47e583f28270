------------------- MODULE MCDmaBufLifetime_B23PollPutsOnSuccess -------------------
(***************************************************************************)
(* Expected violation of NoFenceUseAfterFree (B23).  The rejected patch    *)
(* "dma-buf: fix refcount in dma_buf_poll_add_cb" (2025) read              *)
(* dma_fence_add_callback's return value the wrong way round: it would     *)
(* drop the fence reference after a successful add, although that          *)
(* reference belongs to the armed callback, which drops it itself.  The    *)
(* kref then counts one holder too few: the fence is freed while the       *)
(* reservation object still points at it.                                  *)
(***************************************************************************)
EXTENDS MCDmaBufLifetime

\* dma_fence_get, add_callback returns 0, dma_fence_put anyway
PollPutsOnSuccess ==
    /\ fdOpen
    /\ pollCb = "none"
    /\ ~signalled
    /\ ~lockHeld
    /\ pollCb' = "armed"
    /\ fileRefs' = fileRefs + 1
    /\ UNCHANGED <<fdOpen, fileLive, dentryRefs, bufLive, onList, impVars, fenceVars, wpc, wcb, rpc>>
=============================================================================
